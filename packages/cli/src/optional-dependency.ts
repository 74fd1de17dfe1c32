/**
 * The CLI's optional peer dependencies: packages only some flags need, left out of a plain install to keep it
 * small (`@ivrkit/redis` brings a Redis client, `@statelyai/inspect` a serializer). They load when a flag asks for
 * them; when one is not installed, the command stops with one line saying what to install (exit code 2).
 *
 * @module
 */
import { LoadError } from './cli-errors.js';

/**
 * Loads an optional dependency with `load` (a dynamic `import()` of `name`); if `name` is not installed, throws a
 * {@link LoadError} naming the flag that needs it and the `npm install` that provides it.
 *
 * @example
 * const redis = await importOptional('@ivrkit/redis', '--store redis://…', () => import('@ivrkit/redis'));
 */
export async function importOptional<T>(name: string, neededFor: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new LoadError(`${neededFor} needs ${name}, which is not installed: run npm install ${name}`, {
      cause: error,
    });
  }
}

/** Whether `error` says that package `name` itself (not one of its own dependencies) cannot be found. */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${name}'`) || message.includes(`"${name}"`))
  );
}
