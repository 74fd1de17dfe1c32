/**
 * The flags of the commands that run a webhook app (`serve`, `campaign`), and reading them.
 *
 * @module
 */
import type { LogLevel, VerifyMode } from '@ivrkit/adapter-http';
import { LOST_EVENT_RECOVERY } from '@ivrkit/protocol';
import { numberFlag, portFlag } from './args.js';
import { UsageError } from './command.js';

/** Flags shared by `serve` and `campaign`. */
export const WEBHOOK_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'event-url': { type: 'string' },
  sim: { type: 'string' },
  verify: { type: 'string' },
  data: { type: 'string' },
  store: { type: 'string' },
  'log-level': { type: 'string' },
  'recovery-margin': { type: 'string' },
} as const;

/** Usage lines of {@link WEBHOOK_FLAGS}. */
export const WEBHOOK_USAGE = `  --port <n>          port of the event URL listener (default 8080; 0 picks a free one)
  --host <addr>       address to bind (default 127.0.0.1)
  --event-url <url>   the public event URL TeleSign posts to (its path is the one served; default path /events)
  --sim <url>         use the simulator at <url> instead of TeleSign (its demo credentials unless TELESIGN_* are set);
                      also receives events over its WebSocket
  --verify <mode>     event signatures: required (default), optional or off
  --store <url>       where calls live: file:<dir> (default .ivrkit-data/<command>-<flow id>), memory:, or
                      redis://host:port[/db][?prefix=<p>] (rediss:// for TLS) to share calls between processes;
                      default IVRKIT_STORE, else the file store
  --data <dir>        shorthand for --store file:<dir>
  --log-level <l>     debug, info (default), warn or error (JSON lines on stderr)
  --recovery-margin <ms>
                      lost-event recovery: how long a call waits past its action's bounds and TeleSign's retry
                      span before the app recovers it (default ${LOST_EVENT_RECOVERY.marginMs})

Without --sim, TELESIGN_CUSTOMER_ID and TELESIGN_API_KEY (and optionally TELESIGN_BASE_URL) must be set.`;

/**
 * Reads {@link WEBHOOK_FLAGS} into `openWebhookApp` options (less the flow and the data default).
 *
 * @example
 * const common = webhookOptions(values, 'serve');
 */
export function webhookOptions(
  values: Partial<Record<keyof typeof WEBHOOK_FLAGS, string>>,
  defaultPort: number,
): {
  simUrl: string | undefined;
  port: number;
  host: string;
  path: string;
  verify: VerifyMode;
  level: LogLevel;
  /** `--recovery-margin`, when given. */
  recoveryMarginMs: number | undefined;
} {
  const verify = (values.verify ?? 'required') as VerifyMode;
  if (!['required', 'optional', 'off'].includes(verify))
    throw new UsageError(`--verify: expected required, optional or off, got ${values.verify}`);
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level))
    throw new UsageError(`--log-level: expected debug, info, warn or error, got ${level}`);
  let path = '/events';
  if (values['event-url'] !== undefined) {
    try {
      path = new URL(values['event-url']).pathname;
    } catch {
      throw new UsageError(`--event-url: not a URL: ${values['event-url']}`);
    }
  }
  return {
    simUrl: values.sim,
    port: portFlag('--port', values.port, defaultPort),
    host: values.host ?? '127.0.0.1',
    path,
    verify,
    level,
    recoveryMarginMs:
      values['recovery-margin'] === undefined
        ? undefined
        : numberFlag('--recovery-margin', values['recovery-margin'], LOST_EVENT_RECOVERY.marginMs, {
            min: 0,
            integer: true,
          }),
  };
}
