/**
 * A minimal HTTP/1.1 keep-alive client over one TCP socket, one request at a time (as TeleSign delivers a call's
 * events). Requests are serialised to bytes up front, and responses are parsed only as far as the status line and
 * `Content-Length` — so the load generator spends as little CPU per request as it can, and the servers under test,
 * not the generator, set the pace. Node's own `http` client costs several times more per request.
 *
 * @module
 */
import { connect, type Socket } from 'node:net';

/** A response as far as the load generator reads it. */
export interface RawResponse {
  status: number;
  body: string;
}

/**
 * Serialises a POST with a JSON body to the bytes sent on the wire.
 *
 * @example
 * const bytes = encodePost('/events', '{"event":"incoming_call"}', { 'content-type': 'application/json' });
 */
export function encodePost(path: string, body: string, headers: Record<string, string>): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  let head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\ncontent-length: ${bodyBytes.length}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bodyBytes]);
}

/** One keep-alive connection. */
export interface RawConnection {
  /** Sends a serialised request and resolves with its response. One at a time. */
  send(request: Buffer): Promise<RawResponse>;
  close(): void;
}

/**
 * Opens a connection to `127.0.0.1:port`.
 *
 * @example
 * const connection = await openRawConnection(8080);
 * const { status } = await connection.send(encodePost('/', '{}', {}));
 */
export function openRawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ port, host: '127.0.0.1', noDelay: true });
    let buffer: Buffer = Buffer.alloc(0);
    let waiting: { resolve: (r: RawResponse) => void; reject: (e: Error) => void } | undefined;
    const fail = (error: Error) => {
      const current = waiting;
      waiting = undefined;
      current?.reject(error);
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const headEnd = buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buffer.toString('latin1', 0, headEnd);
      const status = Number(head.slice(9, 12));
      const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
      let body: string;
      let consumed: number;
      if (match) {
        const length = Number(match[1]);
        if (buffer.length < headEnd + 4 + length) return;
        body = buffer.toString('utf8', headEnd + 4, headEnd + 4 + length);
        consumed = headEnd + 4 + length;
      } else if (chunked) {
        const end = buffer.indexOf('\r\n0\r\n\r\n', headEnd);
        const empty = buffer.indexOf('0\r\n\r\n', headEnd + 4) === headEnd + 4;
        if (end < 0 && !empty) return;
        consumed = empty ? headEnd + 9 : end + 7;
        body = decodeChunked(buffer.toString('utf8', headEnd + 4, consumed));
      } else {
        body = '';
        consumed = headEnd + 4;
      }
      buffer = buffer.subarray(consumed);
      const current = waiting;
      waiting = undefined;
      current?.resolve({ status, body });
    });
    socket.on('error', (error) => {
      fail(error);
      reject(error);
    });
    socket.on('close', () => fail(new Error('connection closed')));
    socket.once('connect', () =>
      resolve({
        send(request) {
          return new Promise((res, rej) => {
            if (waiting) {
              rej(new Error('one request at a time'));
              return;
            }
            waiting = { resolve: res, reject: rej };
            socket.write(request);
          });
        },
        close: () => socket.destroy(),
      }),
    );
  });
}

function decodeChunked(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const line = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, line), 16);
    if (!(size > 0)) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
