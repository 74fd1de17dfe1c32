/**
 * A load balancer in front of several event-URL processes, as a deployment would put one: each request goes to the
 * next process in turn (no stickiness: consecutive events of one call reach different processes). A process that
 * refuses the connection (it is dead) is skipped for the next one, as nginx's `proxy_next_upstream error` does;
 * a connection that breaks mid-request is answered 502, and TeleSign delivers the event again.
 *
 * @module
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** A running proxy. */
export interface RoundRobinProxy {
  readonly url: string;
  /** Answers relayed, per backend URL and HTTP status (`http://…:4001 200`). */
  readonly counts: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port over `backends` (base URLs, `http://127.0.0.1:port`).
 *
 * @example
 * const proxy = await startRoundRobinProxy(['http://127.0.0.1:4001', 'http://127.0.0.1:4002']);
 */
export async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const first = next++ % backends.length;
      void forward(req, res, Buffer.concat(chunks), first, 0);
    });
  });
  const forward = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    index: number,
    tried: number,
  ) => {
    const backend = backends[index % backends.length] as string;
    const target = new URL(req.url ?? '/', backend);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
      (answer) => {
        const key = `${backend} ${answer.statusCode}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && tried + 1 < backends.length) {
        void forward(req, res, body, index + 1, tried + 1);
        return;
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'bad_gateway', message: error.message }));
    });
    upstream.end(body);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy got no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
