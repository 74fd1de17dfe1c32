/**
 * A credential that cannot be used at all — a missing customer id, an API key that is not base64 — is a
 * programmer's configuration mistake, so it throws this. A signature that does not match is not an error:
 * verification simply answers "not valid".
 *
 * @example
 * try { signCallback({ customerId: 'c', apiKey: '' }, '{}'); } catch (e) { if (isCredentialsError(e)) console.error(e.message); }
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** Whether `error` is a {@link CredentialsError}. */
export function isCredentialsError(error: unknown): error is CredentialsError {
  return error instanceof CredentialsError;
}
