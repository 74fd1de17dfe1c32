/**
 * The WebSocket side of event delivery, transport-agnostic: a runtime adapter (see `ws-server.ts`) hands each
 * accepted connection over as a {@link SocketPort}. Events go to the most recent open connection; while none is
 * open they wait, in order, and are flushed to the next connection.
 *
 * @module
 */

/**
 * One WebSocket connection, as the simulator sees it. Implement it once per runtime (the `ws` library, a browser,
 * an in-memory pair for tests).
 *
 * @example
 * const port: SocketPort = {
 *   send: (text) => ws.send(text),
 *   close: (code, reason) => ws.close(code, reason),
 *   onMessage: (handler) => ws.on('message', (data) => handler(String(data))),
 *   onClose: (handler) => ws.on('close', handler),
 * };
 */
export interface SocketPort {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onMessage(handler: (text: string) => void): void;
  onClose(handler: () => void): void;
}

/**
 * `[sim]` Close code used when a disconnect fault drops the customer's socket: 1012 "service restart".
 *
 * @example
 * ws.on('close', (code) => { if (code === FAULT_CLOSE_CODE) reconnect(); });
 */
export const FAULT_CLOSE_CODE = 1012;

/**
 * `[sim]` At most this many events wait for a connection; older ones are dropped first.
 *
 * @example
 * // Events sent while no socket is open wait, up to MAX_QUEUED_SOCKET_EVENTS of them.
 */
export const MAX_QUEUED_SOCKET_EVENTS = 10_000;

/**
 * Keeps the customer's open sockets and the events waiting for one.
 *
 * @example
 * const hub = new SocketHub();
 * hub.attach(port, (text) => handleAction(text));
 * hub.send('{"event":"incoming_call",…}');
 */
export class SocketHub {
  private readonly open: SocketPort[] = [];
  private readonly waiting: string[] = [];
  private deferred: string[] | undefined;

  /** Open connections. */
  get connections(): number {
    return this.open.length;
  }

  /** Events waiting for a connection. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Adopts a connection: its messages go to `onMessage`; waiting events are flushed to it. */
  attach(port: SocketPort, onMessage: (text: string, port: SocketPort) => void): void {
    this.open.push(port);
    port.onMessage((text) => onMessage(text, port));
    port.onClose(() => {
      const index = this.open.indexOf(port);
      if (index >= 0) this.open.splice(index, 1);
    });
    while (this.waiting.length > 0 && this.open.includes(port)) {
      const text = this.waiting.shift() as string;
      if (!this.trySend(port, text)) break;
    }
  }

  /**
   * Runs `fn` with event sends held back, and answers its result with a function that sends them: the answer to
   * a socket action can then go out before the events the action caused.
   */
  holdSends<T>(fn: () => T): [T, () => void] {
    const outer = this.deferred;
    const held: string[] = [];
    this.deferred = held;
    try {
      return [fn(), () => this.sendAll(held)];
    } catch (error) {
      this.deferred = outer;
      this.sendAll(held);
      throw error;
    } finally {
      this.deferred = outer;
    }
  }

  private sendAll(texts: string[]): void {
    for (const text of texts) this.send(text);
  }

  /** Sends an event to the newest connection; `false` when none is open (the event then waits). */
  send(text: string): boolean {
    if (this.deferred !== undefined) {
      this.deferred.push(text);
      return this.open.length > 0;
    }
    for (let i = this.open.length - 1; i >= 0; i--) {
      const port = this.open[i] as SocketPort;
      if (this.trySend(port, text)) return true;
    }
    this.waiting.push(text);
    if (this.waiting.length > MAX_QUEUED_SOCKET_EVENTS) this.waiting.shift();
    return false;
  }

  /** Closes the newest connection (a fault); `false` when none is open. */
  dropNewest(code = FAULT_CLOSE_CODE, reason = 'simulated disconnect'): boolean {
    const port = this.open.pop();
    if (port === undefined) return false;
    try {
      port.close(code, reason);
    } catch {
      // Already closed: nothing to do.
    }
    return true;
  }

  /** Closes every connection. */
  closeAll(code = 1001, reason = 'simulator closing'): void {
    for (const port of this.open.splice(0)) {
      try {
        port.close(code, reason);
      } catch {
        // Already closed.
      }
    }
  }

  private trySend(port: SocketPort, text: string): boolean {
    try {
      port.send(text);
      return true;
    } catch {
      const index = this.open.indexOf(port);
      if (index >= 0) this.open.splice(index, 1);
      return false;
    }
  }
}
