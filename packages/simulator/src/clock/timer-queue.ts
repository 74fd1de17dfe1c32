/**
 * A min-heap of timers ordered by due time, then by insertion order, so that timers due at the same instant run
 * in the order they were set — which keeps virtual runs reproducible.
 *
 * @module
 */

/**
 * One scheduled callback.
 *
 * @example
 * const timer: QueuedTimer = new TimerQueue().push(10, () => {});
 */
export interface QueuedTimer {
  /** Due time, in the clock's epoch milliseconds. */
  at: number;
  /** Insertion order; breaks ties between timers due at the same time. */
  seq: number;
  run: () => void;
  /** Set when cleared: a cancelled timer stays in the heap and is skipped when it surfaces. */
  cancelled: boolean;
}

/**
 * A binary heap of {@link QueuedTimer}s.
 *
 * @example
 * const queue = new TimerQueue();
 * queue.push(10, () => console.log('ten'));
 * queue.popDue(10)?.run();
 */
export class TimerQueue {
  private heap: QueuedTimer[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Adds a timer due at `at`. */
  push(at: number, run: () => void): QueuedTimer {
    const timer: QueuedTimer = { at, seq: this.nextSeq++, run, cancelled: false };
    this.heap.push(timer);
    this.live++;
    this.up(this.heap.length - 1);
    return timer;
  }

  /** Cancels a timer; safe to call twice. */
  cancel(timer: QueuedTimer): void {
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.live--;
  }

  /** Timers pending (not cancelled, not run). */
  get size(): number {
    return this.live;
  }

  /** Due time of the earliest pending timer, or `undefined`. */
  peekAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest timer if it is due at or before `now`. */
  popDue(now: number): QueuedTimer | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (top === undefined || top.at > now) return undefined;
    this.removeTop();
    top.cancelled = true;
    this.live--;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: QueuedTimer, b: QueuedTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const child = heap[i] as QueuedTimer;
      const above = heap[parent] as QueuedTimer;
      if (!this.less(child, above)) break;
      heap[i] = above;
      heap[parent] = child;
      i = parent;
    }
  }

  private down(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.less(heap[left] as QueuedTimer, heap[smallest] as QueuedTimer))
        smallest = left;
      if (right < heap.length && this.less(heap[right] as QueuedTimer, heap[smallest] as QueuedTimer))
        smallest = right;
      if (smallest === i) return;
      const tmp = heap[i] as QueuedTimer;
      heap[i] = heap[smallest] as QueuedTimer;
      heap[smallest] = tmp;
      i = smallest;
    }
  }
}
