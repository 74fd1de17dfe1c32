/**
 * Reliability 3b — raw bytes on a listener's own socket: the named malformed WebSocket frames and `Host` headers
 * of `@ivrkit/protocol/testing`, fast-check generated frames, upgrade headers and request heads, and connections
 * whose headers or body trickle. Each input is one real loopback connection (`node:net`); after each batch the
 * server must still answer. Counts inputs, crashes (the server stopped answering, or an exception escaped) and
 * 5xx answers.
 *
 * @module
 */
import {
  HOSTILE_FRAMES,
  HOSTILE_HOSTS,
  type RawExchange,
  rawExchange,
  upgradeRequest,
  wsFrame,
} from '@ivrkit/protocol/testing';
import fc from 'fast-check';

/** A listener under test. */
export interface RawTarget {
  name: string;
  port: number;
  /** WebSocket paths, with the headers a valid upgrade needs (credentials). */
  sockets: ReadonlyArray<{ path: string; headers?: Readonly<Record<string, string>> }>;
  /** A path answered 2xx by GET (the health check after each batch). */
  healthPath: string;
  /** A path taking a POST body (for the trickled body). */
  postPath: string;
}

/** What a run found. */
export interface RawTally {
  tried: number;
  crashes: number;
  serverErrors: number;
  /** Answers by status (`none`: closed without an HTTP answer, or a WebSocket that closed). */
  statuses: Map<string, number>;
  /** The first few problems, for the failure message. */
  problems: string[];
}

/** How long a slow client may take in these runs: short, so the suite stays fast. */
export const RAW_LIMITS = { headersTimeoutMs: 400, requestTimeoutMs: 800 } as const;

const frameArb = fc
  .record({
    opcode: fc.integer({ min: 0, max: 15 }),
    fin: fc.boolean(),
    rsv: fc.integer({ min: 0, max: 7 }),
    mask: fc.boolean(),
    payload: fc.uint8Array({ maxLength: 200 }),
    length: fc.option(fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constant(2 ** 40)), {
      nil: undefined,
    }),
  })
  .map(({ length, ...frame }) => wsFrame({ ...frame, ...(length === undefined ? {} : { length }) }));

const headerValueArb = fc
  .string({ unit: 'binary-ascii', maxLength: 60 })
  .map((s) => s.replace(/[\r\n]/g, ''));

const headArb = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'BREW', '', 'G\u0000T'),
    target: fc.oneof(
      fc.constantFrom('/', '*', 'http://[::1', '/%zz', '//x', '/../../etc/passwd'),
      headerValueArb.map((s) => `/${s.replace(/ /g, '')}`),
    ),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''),
    host: fc.oneof(fc.constant(undefined), fc.constantFrom(...Object.values(HOSTILE_HOSTS)), headerValueArb),
    extra: fc.array(fc.tuple(headerValueArb, headerValueArb), { maxLength: 3 }),
  })
  .map(({ method, target, version, host, extra }) => {
    const lines = [`${method} ${target} ${version}`];
    if (host !== undefined) lines.push(`Host: ${host}`);
    for (const [name, value] of extra) lines.push(`${name}: ${value}`);
    lines.push('Connection: close');
    return `${lines.join('\r\n')}\r\n\r\n`;
  });

/**
 * Runs every raw-socket case against `target` and tallies the outcomes.
 *
 * @example
 * const tally = await runRawSocketCases({ name: 'simulator', port, sockets: [{ path: '/ws' }], healthPath: '/_sim/state', postPath: '/_sim/calls' }, 200);
 */
export async function runRawSocketCases(target: RawTarget, generated: number): Promise<RawTally> {
  const tally: RawTally = { tried: 0, crashes: 0, serverErrors: 0, statuses: new Map(), problems: [] };
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  process.on('uncaughtException', onEscape);
  const host = `127.0.0.1:${target.port}`;
  const record = (label: string, answer: RawExchange) => {
    tally.tried++;
    const status = answer.status === undefined ? 'none' : String(answer.status);
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    if (answer.status !== undefined && answer.status >= 500) {
      tally.serverErrors++;
      if (tally.problems.length < 5) tally.problems.push(`${label}: HTTP ${answer.status}`);
    }
  };
  const batch = async (
    label: string,
    inputs: ReadonlyArray<ReadonlyArray<string | Uint8Array>>,
    waitMs = 300,
  ) => {
    for (let i = 0; i < inputs.length; i += 10) {
      const answers = await Promise.all(
        inputs.slice(i, i + 10).map((chunks) => rawExchange(target.port, chunks, { waitMs })),
      );
      for (const answer of answers) record(label, answer);
    }
    if (!(await answers200(target.port, target.healthPath, host))) {
      tally.crashes++;
      tally.problems.push(`${target.name} stopped answering after ${label}`);
    }
  };
  try {
    for (const socket of target.sockets) {
      const upgrade = upgradeRequest({ path: socket.path, host, headers: socket.headers ?? {} });
      await batch(
        `named frames on ${socket.path}`,
        Object.values(HOSTILE_FRAMES).map((frame) => [upgrade, frame]),
      );
      const frames = fc.sample(frameArb, { numRuns: generated, seed: 15 });
      await batch(
        `generated frames on ${socket.path}`,
        frames.map((frame) => [upgrade, frame]),
      );
      await batch(
        `malformed Host on ${socket.path}`,
        Object.values(HOSTILE_HOSTS).map((bad) => [upgradeRequest({ path: socket.path, host: bad })]),
      );
      const headers = fc.sample(fc.tuple(headerValueArb, headerValueArb), {
        numRuns: generated / 4,
        seed: 16,
      });
      await batch(
        `generated upgrade headers on ${socket.path}`,
        headers.map(([hostValue, key]) => [
          upgradeRequest({ path: socket.path, host: hostValue, headers: { 'Sec-WebSocket-Key': key } }),
        ]),
      );
    }
    await batch(
      'generated request heads',
      fc.sample(headArb, { numRuns: generated, seed: 17 }).map((h) => [h]),
    );
    const slowHeaders = [
      `GET ${target.healthPath} HTTP/1.1\r\nHost: ${host}\r\n`,
      ...trickle('X-Slow: y\r\n', 12),
    ];
    const slowBody = [
      `POST ${target.postPath} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n`,
      ...trickle(' ', 20),
    ];
    for (const [label, chunks] of [
      ['trickled headers', slowHeaders],
      ['trickled body', slowBody],
    ] as const) {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => rawExchange(target.port, chunks, { gapMs: 100, waitMs: 1_500 })),
      );
      for (const answer of answers) {
        record(label, answer);
        if (!answer.closed || answer.ms > RAW_LIMITS.requestTimeoutMs + 1_000)
          tally.problems.push(`${label}: held ${answer.ms} ms (closed: ${answer.closed})`);
      }
    }
  } finally {
    process.off('uncaughtException', onEscape);
  }
  tally.crashes += escaped.length;
  for (const error of escaped.slice(0, 3)) tally.problems.push(`escaped: ${String(error)}`);
  return tally;
}

function trickle(piece: string, count: number): string[] {
  return Array.from({ length: count }, () => piece);
}

async function answers200(port: number, path: string, host: string): Promise<boolean> {
  const answer = await rawExchange(
    port,
    [`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`],
    {
      waitMs: 2_000,
    },
  );
  return answer.status !== undefined && answer.status >= 200 && answer.status < 300;
}
