/**
 * `--inspect` and `--inspect-url` of `ivrkit serve` and `ivrkit demo`: stream each call's statechart to the
 * Stately inspector protocol.
 *
 * @module
 */
import { UsageError } from '../command.js';
import { type CallInspector, DEFAULT_INSPECT_URL, openInspector } from './call-inspection.js';

/** The flags. */
export const INSPECT_FLAGS = {
  inspect: { type: 'boolean' },
  'inspect-url': { type: 'string' },
} as const;

/** Their usage lines. */
export const INSPECT_USAGE = `  --inspect           stream each call's statechart to the Stately inspector protocol (@statelyai/inspect),
                      one session per reference_id, over a WebSocket to a relay at ${DEFAULT_INSPECT_URL}
  --inspect-url <url> the same, to the relay at <url> (ws:// or wss://)`;

/** A running inspection: what to give the app, what to print, how to stop. */
export interface Inspection {
  inspector: CallInspector;
  url: string;
  stop(): void;
}

/**
 * Opens the inspection the flags ask for, or `undefined`.
 *
 * @example
 * const inspection = await inspectionFrom(values); // values of parseFlags(args, { ...INSPECT_FLAGS })
 */
export async function inspectionFrom(values: {
  inspect?: boolean;
  'inspect-url'?: string;
}): Promise<Inspection | undefined> {
  if (!values.inspect && values['inspect-url'] === undefined) return undefined;
  const url = values['inspect-url'] ?? DEFAULT_INSPECT_URL;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new UsageError(`--inspect-url: not a URL: ${url}`);
  }
  if (protocol !== 'ws:' && protocol !== 'wss:')
    throw new UsageError(`--inspect-url: expected a ws:// or wss:// URL, got ${url}`);
  const { inspector, stop } = await openInspector(url);
  return { inspector, url, stop };
}
