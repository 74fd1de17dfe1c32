/**
 * A command's output may go to a pipe that closes before the command ends (`ivrkit serve … 2>&1 | head`): writes
 * then fail with `EPIPE`, which Node raises as an `error` event — fatal without a handler. A server must keep
 * serving when nobody reads its log, so the CLI drops such writes instead.
 *
 * @module
 */

/**
 * Makes a closed stdout or stderr drop writes instead of stopping the process.
 *
 * @example
 * keepRunningWhenOutputCloses(); // once, at start
 */
export function keepRunningWhenOutputCloses(
  streams: ReadonlyArray<NodeJS.WriteStream> = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', () => {
      // Nobody reads this stream any more (EPIPE), or it failed: there is nowhere left to say so.
    });
  }
}
