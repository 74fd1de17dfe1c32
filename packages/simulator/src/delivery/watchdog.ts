/**
 * Real-time bounds on event deliveries: one unref'd interval watches every attempt in flight (a timer per
 * attempt costs more than an in-process delivery itself) and expires those past their deadline.
 *
 * @module
 */

/**
 * One attempt the watchdog watches.
 *
 * @example
 * const entry: Watched = { deadline: performance.now() + 5_000, expire: () => reject(new DeliveryTimeout(5_000)) };
 */
export interface Watched {
  deadline: number;
  expire: () => void;
}

/**
 * `[sim]` How often the delivery watchdog looks for attempts past their deadline, in real ms.
 *
 * @example
 * createSimulator({ eventDelivery: { timeoutMs: 50 } }); // a hung handler is given up within ~150 ms
 */
export const WATCHDOG_INTERVAL_MS = 100;

/**
 * One unref'd interval for every attempt in flight, instead of a timer each: expires attempts past their
 * (real-time) deadline, and stops itself when nothing is in flight.
 *
 * @example
 * const watchdog = new Watchdog();
 * watchdog.add(entry); // …and watchdog.delete(entry) when the attempt is answered
 */
export class Watchdog {
  private readonly entries = new Set<Watched>();
  private interval: ReturnType<typeof setInterval> | undefined;

  add(entry: Watched): void {
    this.entries.add(entry);
    if (this.interval === undefined) {
      this.interval = setInterval(() => this.sweep(), WATCHDOG_INTERVAL_MS);
      (this.interval as { unref?: () => void }).unref?.();
    }
  }

  delete(entry: Watched): void {
    this.entries.delete(entry);
  }

  private sweep(): void {
    const now = performance.now();
    for (const entry of this.entries) {
      if (entry.deadline > now) continue;
      this.entries.delete(entry);
      entry.expire();
    }
    if (this.entries.size === 0 && this.interval !== undefined) {
      clearInterval(this.interval);
      this.interval = undefined;
    }
  }
}

/**
 * An attempt that got no answer within the delivery timeout.
 *
 * @example
 * if (error instanceof DeliveryTimeout) record('timeout');
 */
export class DeliveryTimeout extends Error {
  override readonly name = 'DeliveryTimeout';
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms)} ms`);
  }
}
