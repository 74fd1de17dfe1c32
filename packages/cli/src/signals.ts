/**
 * Waiting for Ctrl-C (or a `SIGTERM`) in a long-running command.
 *
 * @module
 */

/**
 * Resolves on the first `SIGINT` or `SIGTERM`; its listeners are removed, so a second Ctrl-C gets Node's default
 * (exit at once) while the command is closing.
 *
 * @example
 * await untilSignal();
 * await server.close();
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
