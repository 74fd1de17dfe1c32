/**
 * `ivrkit demo`: the simulator, the bank IVR served by the adapter, one scripted call with its transcript, then the
 * softphone — on loopback, with nothing else to install or start.
 *
 * The scripted call runs on a sped-up clock (`--speed`, default ×10: a 30-second call takes about three seconds);
 * the clock drops to real time as soon as it ends, so calls from the softphone run at human pace.
 *
 * @module
 */

import { resolve } from 'node:path';
import { StoreLockedError } from '@ivrkit/adapter-http';
import { isLoopbackAddress } from '@ivrkit/protocol';
import { numberFlag, parseFlags, portFlag, pressGroups } from '../args.js';
import type { Command } from '../command.js';
import { DEMO_CALLER_NUMBER, DEMO_INBOUND, DEMO_OUTBOUND, DEMO_PRESSES } from '../demo/demo-flows.js';
import { pressingCaller } from '../demo/pressing-caller.js';
import { type DemoStack, startDemoStack } from '../demo/stack.js';
import { settle, waitForCallEnd } from '../demo/wait.js';
import { INSPECT_FLAGS, INSPECT_USAGE, inspectionFrom } from '../inspect/inspect-flags.js';
import { loadFlow } from '../load-flow.js';
import { untilSignal } from '../signals.js';
import { formatTranscript } from '../transcript/format-transcript.js';

/** `[demo]` Speed of the first scripted call (simulated ms per real ms). */
export const FIRST_CALL_SPEED = 10;

/** `[demo]` Real time the scripted call may take before the demo gives up on it. */
const SCRIPTED_CALL_TIMEOUT_MS = 60_000;

const usage = `Usage: ivrkit demo [options]

Starts the TeleSign simulator and the bank IVR (served by the adapter, state in .ivrkit-data/demo), places one
scripted call and prints its transcript, then keeps running with the browser softphone. Ctrl-C stops it.

Options:
  --port <n>          simulator + softphone port (default 0: a free port)
  --adapter-port <n>  the adapter's (event URL) port (default 0)
  --host <addr>       address to bind (default 127.0.0.1); a name is also accepted in Host (others: 403)
  --data <dir>        data directory (default .ivrkit-data/demo)
  --flow <flow>       inbound flow to run instead of the bank (example name or module path)
  --press <groups>    digits the scripted call presses, one group per prompt (default 1,12345678,2)
  --speed <x>         clock speed of the scripted call (default ${FIRST_CALL_SPEED}; 1 = real time)
  --no-call           skip the scripted call
  --once              exit after the scripted call (exit code 1 if it did not complete cleanly)
  --no-ui             do not build or serve the softphone page
${INSPECT_USAGE}`;

const command: Command = {
  summary: 'run the simulator, the bank IVR, a scripted call and the browser softphone',
  usage,
  async run(args) {
    const { values } = parseFlags(args, {
      port: { type: 'string' },
      'adapter-port': { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      flow: { type: 'string' },
      press: { type: 'string' },
      speed: { type: 'string' },
      'no-call': { type: 'boolean' },
      once: { type: 'boolean' },
      'no-ui': { type: 'boolean' },
      ...INSPECT_FLAGS,
    });
    const speed = numberFlag('--speed', values.speed, FIRST_CALL_SPEED, { min: 0.1, max: 1_000 });
    const inbound =
      values.flow === undefined ? DEMO_INBOUND : { name: values.flow, flow: await loadFlow(values.flow) };
    const presses = values.press === undefined ? [...DEMO_PRESSES] : pressGroups(values.press);
    const dataDir = resolve(values.data ?? '.ivrkit-data/demo');
    const out = (line = '') => process.stdout.write(`${line}\n`);

    out(`ivrkit demo — the ${inbound.flow.id} flow on a local TeleSign simulator`);
    const inspection = await inspectionFrom(values);
    let stack: DemoStack;
    try {
      stack = await startDemoStack({
        inbound,
        outbound: DEMO_OUTBOUND,
        dataDir,
        host: values.host ?? '127.0.0.1',
        port: portFlag('--port', values.port, 0),
        adapterPort: portFlag('--adapter-port', values['adapter-port'], 0),
        speed: values['no-call'] ? 1 : speed,
        ui: !values['no-ui'],
        inspector: inspection?.inspector,
      });
    } catch (error) {
      inspection?.stop();
      const message = startFailure(error, dataDir);
      if (message === undefined) throw error;
      process.stderr.write(`ivrkit demo: ${message}\n`);
      return 1;
    }
    out();
    out(`  simulator  ${stack.simUrl}  (TeleSign /v2/voice, control API /_sim)`);
    out(`  adapter    ${stack.eventUrl}  (event URL; state in ${dataDir}, log in adapter.log)`);
    out(`  IVR number ${stack.number}`);
    const host = values.host ?? '127.0.0.1';
    if (!isLoopbackAddress(host)) {
      out(
        `  WARNING: bound to ${host}, not loopback: the simulator's control API and the demo's pages are ` +
          'unauthenticated, so anyone who can reach this port can place calls and read their transcripts.',
      );
    }
    if (inspection)
      out(`  inspector  ${inspection.url}  (Stately inspector protocol, one session per reference_id)`);

    let ok = true;
    if (!values['no-call']) ok = await scriptedCall(stack, presses, speed, out);
    else stack.clock.setSpeed(1);

    if (values.once) {
      await stack.close();
      inspection?.stop();
      return ok ? 0 : 1;
    }
    out();
    if (!values['no-ui']) {
      out(`Softphone: ${stack.pageUrl}`);
      out('  Call the IVR, press keys, hear the prompts and watch the statechart live.');
    }
    out(
      `Place another scripted call: pnpm ivrkit call --sim ${stack.simUrl} --to ${stack.number} --press 1,12345678,2`,
    );
    out('Press Ctrl-C to stop.');
    await untilSignal();
    out('\nStopping…');
    await stack.close();
    inspection?.stop();
    return 0;
  },
};

export default command;

async function scriptedCall(
  stack: DemoStack,
  presses: string[],
  speed: number,
  out: (line?: string) => void,
): Promise<boolean> {
  out();
  out(
    `Placing a scripted call to ${stack.number}` +
      (presses.length > 0 ? ` that presses ${presses.join(', then ')}` : '') +
      (speed === 1 ? '' : ` (clock ×${speed} for this call; times below are call time)`) +
      ' …',
  );
  const started = performance.now();
  const call = stack.sim.placeInboundCall({
    to: stack.number,
    from: DEMO_CALLER_NUMBER,
    caller: pressingCaller(presses),
  });
  const ended = await waitForCallEnd(stack.sim, call.reference_id, SCRIPTED_CALL_TIMEOUT_MS);
  if (!ended) stack.sim.hangup(call.reference_id);
  await settle(stack.sim, [stack.inbound], stack.feed);
  stack.clock.setSpeed(1);
  const realSeconds = ((performance.now() - started) / 1000).toFixed(1);
  const view = stack.feed.view(call.reference_id);
  out();
  out(formatTranscript(stack.sim.transcript(call.reference_id), { states: view?.states ?? [] }));
  const violations = stack.sim.violations(call.reference_id);
  for (const violation of violations) out(`  VIOLATION ${violation.kind}: ${violation.message}`);
  out(`  (${realSeconds} s of real time)`);
  if (!ended) out('  The call did not end in time: hung up.');
  return ended && violations.length === 0;
}

/** A message for the start-up failures people cause themselves (a second demo, a busy port), else `undefined`. */
function startFailure(error: unknown, dataDir: string): string | undefined {
  if (error instanceof StoreLockedError)
    return `${error.message}: another ivrkit demo is running on ${dataDir}. Stop it, or pass --data <dir>.`;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE')
    return `${(error as Error).message}: pick another --port / --adapter-port, or 0.`;
  return undefined;
}
