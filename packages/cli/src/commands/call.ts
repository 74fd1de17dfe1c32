/**
 * `ivrkit call`: one scripted inbound call on a running simulator (through its control API), its transcript printed
 * — or, with `--json`, the simulator's transcript as JSON. Against `ivrkit demo`'s simulator, the flow's states are
 * merged in too.
 *
 * @module
 */
import type { StateChange } from '@ivrkit/softphone';
import { numberFlag, parseFlags, pressGroups } from '../args.js';
import { driveCall } from '../call-driver.js';
import { type Command, UsageError } from '../command.js';
import { createSimClient, SimRequestError } from '../sim-client.js';
import { formatTranscript } from '../transcript/format-transcript.js';

/** Where `ivrkit call` looks for a simulator when not told: `IVRKIT_SIM_URL`, else `ivrkit sim`'s default. */
export const DEFAULT_SIM_URL = 'http://127.0.0.1:8787';

const usage = `Usage: ivrkit call --to <number> [options]

Places a scripted inbound call on a running simulator and prints its transcript.

Options:
  --to <number>     the number called (one of the simulator's numbers), digits only
  --from <number>   the caller's number (default 15550001234)
  --press <groups>  digits to press, one comma-separated group per prompt that collects digits (e.g. 1,12345678,2)
  --sim <url>       the simulator (default $IVRKIT_SIM_URL or ${DEFAULT_SIM_URL})
  --timeout <s>     hang up after this many seconds of real time (default 120)
  --json            print the transcript as JSON`;

const command: Command = {
  summary: 'place a scripted inbound call on a running simulator and print its transcript',
  usage,
  async run(args) {
    const { values } = parseFlags(args, {
      to: { type: 'string' },
      from: { type: 'string' },
      press: { type: 'string' },
      sim: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.to === undefined) throw new UsageError('--to is required');
    const number = /^[1-9][0-9]{6,14}$/;
    if (!number.test(values.to))
      throw new UsageError(`--to: expected digits with the country code, got ${values.to}`);
    const from = values.from ?? '15550001234';
    if (!number.test(from))
      throw new UsageError(`--from: expected digits with the country code, got ${from}`);
    const presses = pressGroups(values.press);
    const timeoutMs = numberFlag('--timeout', values.timeout, 120, { min: 1, max: 14_400 }) * 1000;
    const sim = createSimClient(values.sim ?? process.env.IVRKIT_SIM_URL ?? DEFAULT_SIM_URL);
    let result: Awaited<ReturnType<typeof driveCall>>;
    try {
      result = await driveCall(sim, { to: values.to, from, presses, timeoutMs });
    } catch (error) {
      if (!(error instanceof SimRequestError)) throw error;
      process.stderr.write(`ivrkit call: ${error.message}\n`);
      return 1;
    }
    // A demo relays the flow's last state a moment after the call ends.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const view = await sim
      .getJson<{ states: StateChange[] }>(
        `/_demo/calls/${encodeURIComponent(result.transcript.reference_id)}`,
      )
      .catch(() => undefined);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ ...result.transcript, states: view?.states ?? [] }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${formatTranscript(result.transcript, { states: view?.states ?? [] })}\n`);
      if (!result.ended) process.stdout.write(`  Hung up after ${timeoutMs / 1000} s (--timeout).\n`);
    }
    return result.ended ? 0 : 1;
  },
};

export default command;
