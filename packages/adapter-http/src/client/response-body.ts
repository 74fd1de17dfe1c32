/**
 * Reading an upstream answer without trusting it: within a byte limit counted after decompression (a gzip bomb
 * stops at the limit), and summarised for errors and logs with every credential removed (an upstream that echoes
 * the request's `Authorization` must not get the key into a message).
 *
 * @module
 */
import type { Credentials } from '@ivrkit/protocol/auth';

/**
 * The body of `response` as UTF-8 text, or `undefined` when it passes `limit` bytes (by its `Content-Length`, or
 * as its decompressed bytes arrive; the rest is not read).
 *
 * @example
 * const text = await readTextWithin(response, 4 * 1024 * 1024);
 * if (text === undefined) throw new Error('too large');
 */
export async function readTextWithin(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Every form in which the credentials could come back in an answer: the key as given and trimmed, its base64 and
 * base64url re-encodings, and the Basic `customerId:apiKey` pair.
 *
 * @example
 * const secrets = secretFormsOf({ customerId: 'c', apiKey: 'a2V5a2V5a2V5' });
 */
export function secretFormsOf(credentials: Credentials): string[] {
  const key = credentials.apiKey;
  const bytes = Buffer.from(key.trim(), 'base64');
  const pair = `${credentials.customerId}:${key}`;
  const forms = [
    key,
    key.trim(),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    Buffer.from(pair).toString('base64'),
    Buffer.from(pair).toString('base64url'),
    pair,
  ];
  return [...new Set(forms.filter((form) => form.length >= 4))].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every secret form and every `Basic …` / `TSA …` credential replaced by `[redacted]`.
 *
 * @example
 * scrubSecrets('echo: Basic Y3VzdDprZXk=', []); // 'echo: Basic [redacted]'
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  // A backstop for credentials of other forms: a scheme followed by a token with a digit or base64 punctuation
  // (so that "Basic authentication failed" stays readable).
  return out.replace(/\b(Basic|TSA|Bearer)\s+(?=\S*[0-9+/=:])[A-Za-z0-9+/=:._~-]{8,}/g, '$1 [redacted]');
}

/** The longest summary of an upstream body, in characters. */
export const SUMMARY_CHARS = 200;

/**
 * A short, single-line, credential-free summary of an upstream body for an error message.
 *
 * @example
 * summarise('<html>…a long proxy error page…</html>', []); // '<html>…a long proxy err… (3,412 characters)'
 */
export function summarise(text: string, secrets: readonly string[]): string {
  const flat = scrubSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  if (flat === '') return '(an empty body)';
  return flat.length <= SUMMARY_CHARS
    ? JSON.stringify(flat)
    : `${JSON.stringify(flat.slice(0, SUMMARY_CHARS))}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * A location for an error message: without credentials (`user:pw@`), at most 200 characters.
 *
 * @example
 * safeLocation('https://user:pw@evil.example/x', 'https://api.example/'); // 'https://evil.example/x'
 */
export function safeLocation(location: string | null, base: string): string | undefined {
  if (location === null) return undefined;
  try {
    const url = new URL(location, base);
    url.username = '';
    url.password = '';
    return url.toString().slice(0, SUMMARY_CHARS);
  } catch {
    return JSON.stringify(location.slice(0, SUMMARY_CHARS));
  }
}
