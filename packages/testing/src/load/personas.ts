/**
 * Caller personas for load runs: how a kind of person behaves on the line (patient, impatient, pressing wrong
 * keys, silent), as simulator {@link Caller}s. What a persona presses comes from the flow itself: the entries each
 * prompt reacts to, found by exploring the flow ({@link promptEntries}).
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import type { VoiceAction } from '@ivrkit/protocol';
import type { Caller, CallerReaction, HeardPrompt, Random } from '@ivrkit/simulator';
import { type ExploreOptions, exploreFlow } from '../explore.js';
import { flowTransitions } from '../transitions.js';

/**
 * What a persona knows when it is given a call: its own random source, and the entries each prompt of the flow
 * takes (found by exploring the flow).
 *
 * @example
 * const caller = PERSONAS.patient.caller({ random, index: 0, entries });
 */
export interface PersonaContext {
  /** Seeded: the same seed gives the same population. */
  random: Random;
  /** 0-based number of this caller in the run. */
  index: number;
  /** Entries the flow's prompts react to. */
  entries: PromptEntries;
}

/**
 * A kind of caller. Add yours to a load run's `personas` and name it in its mix.
 *
 * @example
 * const pressZero: Persona = {
 *   description: 'asks for a person at once',
 *   caller: () => ({ onPrompt: (p) => (p.collectsDigits ? { press: '0', bargeIn: true, afterMs: 800 } : undefined) }),
 * };
 */
export interface Persona {
  /** One line for reports and `ivrkit load --help`. */
  description: string;
  /** The caller of one call. */
  caller(context: PersonaContext): Caller;
}

/**
 * The entries a prompt reacts to, by what the caller hears.
 *
 * @example
 * entries.valid(prompt); // ['0', '1', '2'] for the bank's main menu
 */
export interface PromptEntries {
  /** Entries that move the flow on (a menu option, an accepted number). */
  valid(prompt: HeardPrompt): string[];
  /** Entries the prompt refuses (taken as invalid input). */
  wrong(prompt: HeardPrompt): string[];
}

function promptKey(action: VoiceAction | undefined): string | undefined {
  if (!action || !('params' in action)) return undefined;
  const params = action.params as { tts?: { message?: string }; url?: string; urls?: string[] };
  return params.tts?.message ?? params.url ?? params.urls?.join(' ');
}

function heardKey(prompt: HeardPrompt): string {
  return prompt.text ?? prompt.urls.join(' ');
}

/**
 * Explores `flow` and answers, for each prompt it can play, the entries that move it on and those it refuses. A
 * prompt whose text depends on data (read back as heard) falls back to every entry the flow reacts to anywhere.
 *
 * @example
 * const entries = promptEntries(bankFlow);
 */
export function promptEntries(flow: Flow, options: ExploreOptions = {}): PromptEntries {
  const kinds = new Map(flowTransitions(flow).map((t) => [t.id, t.kind]));
  const valid = new Map<string, Set<string>>();
  const wrong = new Map<string, Set<string>>();
  const anyValid = new Set<string>();
  const anyWrong = new Set<string>();
  for (const edge of exploreFlow(flow, options).edges) {
    const { stimulus, transitions = [] } = edge.event;
    if (stimulus.kind !== 'prompt' || stimulus.digits === '') continue;
    const key = promptKey(edge.from.last[edge.from.last.length - 1]);
    if (key === undefined) continue;
    const moves = transitions.some((id) => kinds.get(id) === 'event');
    const refused = transitions.some((id) => kinds.get(id) === 'invalid');
    const [table, all] = moves ? [valid, anyValid] : refused ? [wrong, anyWrong] : [undefined, undefined];
    if (!table || !all) continue;
    const set = table.get(key) ?? new Set<string>();
    set.add(stimulus.digits);
    table.set(key, set);
    all.add(stimulus.digits);
  }
  const sorted = (set: Set<string> | undefined, fallback: Set<string>) => [...(set ?? fallback)].sort();
  return {
    valid: (prompt) => sorted(valid.get(heardKey(prompt)), anyValid),
    wrong: (prompt) => sorted(wrong.get(heardKey(prompt)), anyWrong),
  };
}

const pick = (random: Random, list: readonly string[]) => list[random.int(0, list.length - 1)];

/** Presses `entry` (when there is one), with a human gap between keys. */
function pressing(random: Random, entry: string | undefined, reaction: CallerReaction): CallerReaction {
  if (entry === undefined) return {};
  return { press: entry, digitGapMs: random.int(150, 600), ...reaction };
}

/**
 * The built-in personas, by mix name:
 *
 * - `patient`: listens to each prompt to its end, thinks one to three seconds, presses an entry the prompt takes;
 *   stays until the IVR ends the call (gives up after half an hour).
 * - `impatient`: presses over the prompt (barge-in) half a second to two and a half seconds into it, an entry it
 *   takes; hangs up on the 3rd to 6th prompt it hears, and after one to two minutes in any case.
 * - `wrong-keys`: at each prompt that collects digits, presses a key the prompt refuses two times in three, else
 *   an entry it takes.
 * - `silent`: never presses anything; hangs up after two to five minutes if the IVR has not ended the call.
 *
 * @example
 * await runLoad(bankFlow, { callers: 100, mix: { patient: 70, silent: 30 }, personas: { ...PERSONAS, mine } });
 */
export const PERSONAS: Readonly<Record<'patient' | 'impatient' | 'wrong-keys' | 'silent', Persona>> = {
  patient: {
    description: 'listens to the end, thinks 1–3 s, presses an entry the prompt takes',
    caller: ({ random, entries }) => ({
      hangupAtMs: 30 * 60_000,
      onPrompt: (prompt) =>
        prompt.collectsDigits
          ? pressing(random, pick(random, entries.valid(prompt)), { afterMs: random.int(1_000, 3_000) })
          : undefined,
    }),
  },
  impatient: {
    description: 'presses over the prompt, hangs up on the 3rd–6th prompt or after 1–2 minutes',
    caller: ({ random, entries }) => {
      const patience = random.int(3, 6);
      return {
        hangupAtMs: random.int(60_000, 120_000),
        onPrompt: (prompt) => {
          if (prompt.index >= patience) return { hangupAfterMs: random.int(0, 1_500), bargeIn: true };
          if (!prompt.collectsDigits) return undefined;
          return pressing(random, pick(random, entries.valid(prompt)), {
            afterMs: random.int(500, 2_500),
            bargeIn: true,
          });
        },
      };
    },
  },
  'wrong-keys': {
    description: 'presses a refused key two times in three, else an entry the prompt takes',
    caller: ({ random, entries }) => ({
      hangupAtMs: 30 * 60_000,
      onPrompt: (prompt) => {
        if (!prompt.collectsDigits) return undefined;
        const wrong = entries.wrong(prompt);
        const list = wrong.length > 0 && random.chance(2 / 3) ? wrong : entries.valid(prompt);
        return pressing(random, pick(random, list), { afterMs: random.int(800, 2_500) });
      },
    }),
  },
  silent: {
    description: 'never presses a key; hangs up after 2–5 minutes',
    caller: ({ random }) => ({ hangupAtMs: random.int(120_000, 300_000) }),
  },
};

/**
 * The mix `ivrkit load` uses when none is given.
 *
 * @example
 * DEFAULT_MIX; // { patient: 60, impatient: 20, 'wrong-keys': 10, silent: 10 }
 */
export const DEFAULT_MIX: Readonly<Record<string, number>> = {
  patient: 60,
  impatient: 20,
  'wrong-keys': 10,
  silent: 10,
};

/**
 * A mix in the shape of `--mix`: `name:weight` pairs, comma-separated; weights are relative (they need not sum to
 * 100). Throws a `RangeError` naming the problem (an unknown persona when `known` is given).
 *
 * @example
 * parseMix('patient:60,impatient:20,wrong-keys:10,silent:10'); // { patient: 60, impatient: 20, … }
 */
export function parseMix(text: string, known?: readonly string[]): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z][\w-]*)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) throw new RangeError(`"${part.trim()}" is not name:weight (e.g. patient:60)`);
    const [, name, weight] = match as unknown as [string, string, string];
    if (known && !known.includes(name))
      throw new RangeError(`no persona named "${name}" (known: ${known.join(', ')})`);
    mix[name] = (mix[name] ?? 0) + Number(weight);
  }
  if (Object.values(mix).every((weight) => weight === 0)) throw new RangeError('every weight is 0');
  return mix;
}

/**
 * Who calls, in order: `callers` persona names in the mix's proportions (largest remainders for the rounding),
 * shuffled with `random`.
 *
 * @example
 * assignPersonas(10, { patient: 70, silent: 30 }, random); // 7 × 'patient', 3 × 'silent', shuffled
 */
export function assignPersonas(
  callers: number,
  mix: Readonly<Record<string, number>>,
  random: Random,
): string[] {
  const entries = Object.entries(mix).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const shares = entries.map(([name, weight]) => {
    const exact = (callers * weight) / total;
    return { name, count: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let missing = callers - shares.reduce((sum, share) => sum + share.count, 0);
  for (const share of [...shares].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    share.count++;
  }
  const names = shares.flatMap((share) => Array<string>(share.count).fill(share.name));
  for (let i = names.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [names[i], names[j]] = [names[j] as string, names[i] as string];
  }
  return names;
}
