/**
 * `ivrkit serve <flow>`: runs a flow as a webhook app — against a local simulator (`--sim`), or against TeleSign
 * with the `TELESIGN_*` credentials — until Ctrl-C.
 *
 * With `--sim`, the app also connects to the simulator's event socket (`PATHS.eventSocket`), so a simulator started
 * without `--event-url` delivers to it with nothing to configure; a simulator with an event URL posts to the HTTP
 * listener as TeleSign would.
 *
 * @module
 */
import { createJsonLogger } from '@ivrkit/adapter-http';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { INSPECT_FLAGS, INSPECT_USAGE, inspectionFrom } from '../inspect/inspect-flags.js';
import { loadFlow } from '../load-flow.js';
import { untilSignal } from '../signals.js';
import { describeStore, storeSpecOf } from '../store-url.js';
import { openWebhookAppOrExplain } from '../webhook-app.js';
import { WEBHOOK_FLAGS, WEBHOOK_USAGE, webhookOptions } from '../webhook-flags.js';

/** `ivrkit serve`'s default port. */
export const DEFAULT_SERVE_PORT = 8080;

const usage = `Usage: ivrkit serve <flow> [options]

Runs <flow> (an example name — bank, school-alert, reminder, survey — or a module path) as a webhook app.

Options:
${WEBHOOK_USAGE}
${INSPECT_USAGE}`;

const command: Command = {
  summary: 'run a flow as a webhook app against the simulator or TeleSign',
  usage,
  async run(args) {
    const { values, positionals } = parseFlags(args, { ...WEBHOOK_FLAGS, ...INSPECT_FLAGS }, true);
    const [spec, ...extra] = positionals;
    if (spec === undefined)
      throw new UsageError('which flow? e.g. ivrkit serve bank --sim http://127.0.0.1:8787');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const common = webhookOptions(values, DEFAULT_SERVE_PORT);
    const flow = await loadFlow(spec);
    const store = storeSpecOf(values, process.env, `.ivrkit-data/serve-${flow.id}`);
    const inspection = await inspectionFrom(values);
    const hook = await openWebhookAppOrExplain('serve', {
      ...common,
      flow,
      store,
      logger: createJsonLogger({ level: common.level }),
      inspector: inspection?.inspector,
    });
    if (!hook) {
      inspection?.stop();
      return 2;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    hook.app.subscribe((notice) => {
      if (notice.type !== 'call.ended') return;
      const s = notice.summary;
      out(
        `call ${s.reference_id} ended: ${s.call_status ?? s.dial_status ?? 'ended'} · ${s.direction ?? ''} ${s.number ?? ''}` +
          `${s.digits.length > 0 ? ` · digits ${s.digits.join(' ')}` : ''}${s.duration === null ? '' : ` · ${s.duration} s`}`,
      );
    });
    out(`ivrkit serve: ${flow.id} v${flow.version} (${flow.direction})`);
    if (common.verify !== 'required') {
      process.stderr.write(
        `ivrkit serve: warning: --verify ${common.verify}: ${common.verify === 'off' ? 'event signatures are not checked' : 'unsigned events are accepted'} — anyone who can reach the event URL can press keys or end calls. Use --verify required (the default) outside local tests.\n`,
      );
    }
    out(
      `  event URL listener  ${hook.server.url}${common.path}${values['event-url'] ? `  (public: ${values['event-url']})` : ''}`,
    );
    out(`  voice API           ${hook.apiUrl}${common.simUrl ? '  (simulator)' : ''}`);
    out(
      `  state               ${describeStore(store)}${hook.resumed > 0 ? `  (${hook.resumed} live calls resumed)` : ''}`,
    );
    if (hook.socket) {
      out(
        `  event socket        ${hook.socket.connected ? 'connected' : 'connecting…'} (events of a simulator without --event-url arrive here)`,
      );
    }
    if (inspection) {
      out(
        `  inspector           ${inspection.url}  (Stately inspector protocol, one session per reference_id)`,
      );
    }
    out('Press Ctrl-C to stop.');
    await untilSignal();
    out('Stopping…');
    await hook.close();
    inspection?.stop();
    return 0;
  },
};

export default command;
