/**
 * Hostile bytes for a server's own socket: raw `node:net` writes of malformed WebSocket frames after a valid
 * upgrade, upgrades with malformed `Host` headers, and connections that trickle. What an HTTP client library
 * cannot send, because it would not let you.
 *
 * @module
 */
import { connect } from 'node:net';

/**
 * What a server did with raw bytes.
 *
 * @example
 * const { head, closed } = await rawExchange(port, upgradeRequest({ path: '/ws', host: 'a b' }));
 */
export interface RawExchange {
  /** Everything the server sent, as latin1 text (its status line first, for an HTTP answer). */
  text: string;
  /** The status code of the server's first HTTP answer, or `undefined` when there was none. */
  status: number | undefined;
  /** Whether the server closed the connection within the wait. */
  closed: boolean;
  /** Milliseconds from connecting to the close (or to the end of the wait). */
  ms: number;
}

/**
 * Connects to `port` on `host`, writes `chunks` (pausing `gapMs` between them), and collects what comes back
 * until the server closes or `waitMs` pass after the last write.
 *
 * @example
 * const answer = await rawExchange(port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n']);
 * answer.status; // 200
 */
export function rawExchange(
  port: number,
  chunks: ReadonlyArray<string | Uint8Array>,
  options: { host?: string; waitMs?: number; gapMs?: number } = {},
): Promise<RawExchange> {
  const waitMs = options.waitMs ?? 1_000;
  return new Promise((resolve) => {
    const started = Date.now();
    const received: Buffer[] = [];
    const socket = connect({ port, host: options.host ?? '127.0.0.1' });
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : undefined, closed, ms: Date.now() - started });
    };
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (done || socket.destroyed) return;
        if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (done || socket.destroyed) return;
        socket.write(chunk);
      }
      timer = setTimeout(() => finish(false), waitMs);
    });
  });
}

/**
 * An HTTP/1.1 WebSocket upgrade request as text.
 *
 * @example
 * upgradeRequest({ path: '/v2/voice/events/ws', host: '127.0.0.1:8787', headers: { Authorization: 'Basic …' } });
 */
export function upgradeRequest(options: {
  path: string;
  host: string;
  headers?: Readonly<Record<string, string>>;
}): string {
  const lines = [
    `GET ${options.path} HTTP/1.1`,
    `Host: ${options.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * A WebSocket frame (RFC 6455 §5.2) built from its parts, right or wrong: `mask` false gives an unmasked client
 * frame, `length` overrides the payload length written in the header.
 *
 * @example
 * wsFrame({ opcode: 0x1, payload: Buffer.from('hi') }); // a masked text frame
 */
export function wsFrame(options: {
  opcode: number;
  payload?: Uint8Array;
  fin?: boolean;
  rsv?: number;
  mask?: boolean;
  length?: number | bigint;
}): Buffer {
  const payload = Buffer.from(options.payload ?? new Uint8Array());
  const mask = options.mask ?? true;
  const length = BigInt(options.length ?? payload.length);
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (options.opcode & 0x0f);
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, maskBit | Number(length)]);
  else if (length < 65_536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)));
  return Buffer.concat([header, key, masked]);
}

/**
 * Malformed client frames, by name: each is a protocol error a server must answer by closing that one socket.
 *
 * @example
 * for (const [name, frame] of Object.entries(HOSTILE_FRAMES)) await rawExchange(port, [upgrade, frame]);
 */
export const HOSTILE_FRAMES: Readonly<Record<string, Buffer>> = {
  'unmasked text frame': wsFrame({ opcode: 0x1, payload: Buffer.from('{"hello":1}'), mask: false }),
  'reserved opcode 0x3': wsFrame({ opcode: 0x3, payload: Buffer.from('x') }),
  'reserved control opcode 0xB': wsFrame({ opcode: 0xb }),
  'bad UTF-8 in a text frame': wsFrame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
  'bad UTF-8 in a close reason': wsFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8, 0xc3, 0x28]) }),
  'oversized length (2^63-1)': wsFrame({ opcode: 0x2, length: 2n ** 63n - 1n }),
  'length past maxPayload (1 MiB)': wsFrame({ opcode: 0x1, length: 1024 * 1024 }),
  'RSV1 set without an extension': wsFrame({ opcode: 0x1, payload: Buffer.from('x'), rsv: 0b100 }),
  'fragmented ping': wsFrame({ opcode: 0x9, fin: false }),
  'continuation with nothing to continue': wsFrame({ opcode: 0x0, payload: Buffer.from('x') }),
  'ping longer than 125 bytes': wsFrame({ opcode: 0x9, payload: Buffer.alloc(200, 0x61) }),
  'close with a 1-byte body': wsFrame({ opcode: 0x8, payload: Buffer.from([0x03]) }),
  'close with an invalid code 999': wsFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe7]) }),
};

/**
 * Malformed `Host` header values, by name: an upgrade (or a request) carrying one must be refused with a 4xx.
 *
 * @example
 * await rawExchange(port, [upgradeRequest({ path: '/ws', host: HOSTILE_HOSTS.spaces })]);
 */
export const HOSTILE_HOSTS: Readonly<Record<string, string>> = {
  spaces: 'a b',
  credentials: 'user:pw@x',
  'unclosed IPv6': '[::1',
  'bad percent escape': 'a%zz',
  'port out of range': '127.0.0.1:99999',
  path: 'x/y',
  empty: '',
};
