/**
 * Every `ivrkit` command, by name: a one-line summary for `ivrkit help` and a loader that imports the command's
 * module only when it runs, so `ivrkit help` and `ivrkit --version` start without loading any of them.
 *
 * A new command is a file in `src/commands/` that default-exports a {@link Command}, plus one line here (a test
 * checks that each summary matches its command's own).
 *
 * @module
 */
import type { Command } from './command.js';

/** One row of the table: what `ivrkit help` prints, and how to load the command. */
export interface CommandEntry {
  /** The command's one-line summary (the same text as its {@link Command.summary}). */
  readonly summary: string;
  /** Imports the command's module. */
  readonly load: () => Promise<{ default: Command }>;
}

/** The commands, in the order `ivrkit help` lists them. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  demo: {
    summary: 'run the simulator, the bank IVR, a scripted call and the browser softphone',
    load: () => import('./commands/demo.js'),
  },
  init: {
    summary: 'create a starter project: a flow, its tests, a server and a README',
    load: () => import('./commands/init.js'),
  },
  sim: {
    summary: 'run the TeleSign simulator alone, on a real clock, until Ctrl-C',
    load: () => import('./commands/sim.js'),
  },
  serve: {
    summary: 'run a flow as a webhook app against the simulator or TeleSign',
    load: () => import('./commands/serve.js'),
  },
  call: {
    summary: 'place a scripted inbound call on a running simulator and print its transcript',
    load: () => import('./commands/call.js'),
  },
  campaign: {
    summary: 'run an outbound campaign over a CSV of numbers, with a progress bar and a report',
    load: () => import('./commands/campaign.js'),
  },
  check: {
    summary: 'property-test a flow: generated callers, faults and outcomes against the simulator',
    load: () => import('./commands/check.js'),
  },
  coverage: {
    summary: 'run a scripted caller per path of a flow and report state and transition coverage',
    load: () => import('./commands/coverage.js'),
  },
  lint: {
    summary: 'find unreachable states, missing no-input/invalid paths, unbounded loops and dead ends',
    load: () => import('./commands/lint.js'),
  },
  paths: {
    summary:
      'write the paths of a flow as a call script (markdown) or as tests of what callers hear (vitest)',
    load: () => import('./commands/paths.js'),
  },
  load: {
    summary: 'call an inbound flow with a population of callers and report the funnel, outcomes and times',
    load: () => import('./commands/load.js'),
  },
  diff: {
    summary:
      'compare two versions of a flow: states, where inputs lead, prompts, retries, paths that no longer end',
    load: () => import('./commands/diff.js'),
  },
  mermaid: {
    summary: "print a flow's statechart as a Mermaid diagram (or write it to a Markdown file)",
    load: () => import('./commands/mermaid.js'),
  },
  replay: {
    summary: 'replay a recorded cassette against a flow offline and show where behaviour differs',
    load: () => import('./commands/replay.js'),
  },
};
