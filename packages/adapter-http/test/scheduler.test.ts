import { describe, expect, it } from 'vitest';
import { createLocalScheduler, createManualClock } from '../src/index.js';

describe('the local scheduler', () => {
  it('delivers each call its one deadline, the latest armed replacing the earlier', async () => {
    const clock = createManualClock(0);
    const scheduler = createLocalScheduler(clock);
    const due: Array<[string, number]> = [];
    scheduler.start(async (id) => {
      due.push([id, clock.now()]);
    });
    await scheduler.arm('a', 1_000);
    await scheduler.arm('a', 3_000);
    await scheduler.arm('b', 2_000);
    await scheduler.arm('c', 500);
    await scheduler.arm('c', undefined);
    await clock.advanceAsync(5_000);
    expect(due).toEqual([
      ['b', 2_000],
      ['a', 3_000],
    ]);
  });

  it("never lets an older record's arm replace a newer record's deadline", async () => {
    const clock = createManualClock(0);
    const scheduler = createLocalScheduler(clock);
    const due: Array<[string, number]> = [];
    scheduler.start(async (id) => {
      due.push([id, clock.now()]);
    });
    // A fast process armed record 6's deadline; a slow one arms record 5's (later, or a clear) after it.
    await scheduler.arm('a', 1_000, 6);
    await scheduler.arm('a', 9_000, 5);
    await scheduler.arm('b', 2_000, 6);
    await scheduler.arm('b', undefined, 5);
    // The same record again, or a newer one, still replaces; an arm without a version always does.
    await scheduler.arm('c', 4_000, 2);
    await scheduler.arm('c', 3_000, 2);
    await scheduler.arm('d', 4_000, 2);
    await scheduler.arm('d', 3_500);
    await clock.advanceAsync(10_000);
    expect(due).toEqual([
      ['a', 1_000],
      ['b', 2_000],
      ['c', 3_000],
      ['d', 3_500],
    ]);
  });

  it('keeps deadlines armed before start, and runs past ones at once', async () => {
    const clock = createManualClock(0);
    const scheduler = createLocalScheduler(clock);
    await scheduler.arm('a', 100);
    await clock.advanceAsync(1_000);
    const due: string[] = [];
    scheduler.start(async (id) => {
      due.push(id);
    });
    await clock.advanceAsync(0);
    expect(due).toEqual(['a']);
  });

  it('retries a deadline whose handler rejected, unless a newer deadline replaced it', async () => {
    const clock = createManualClock(0);
    const scheduler = createLocalScheduler(clock, { retryMs: 200 });
    const due: number[] = [];
    let failures = 2;
    scheduler.start(async () => {
      due.push(clock.now());
      if (failures-- > 0) throw new Error('store down');
    });
    await scheduler.arm('a', 1_000);
    await clock.advanceAsync(2_000);
    expect(due).toEqual([1_000, 1_200, 1_400]);
  });

  it('delivers nothing once closed', async () => {
    const clock = createManualClock(0);
    const scheduler = createLocalScheduler(clock);
    const due: string[] = [];
    scheduler.start(async (id) => {
      due.push(id);
    });
    await scheduler.arm('a', 100);
    await scheduler.close();
    await clock.advanceAsync(1_000);
    expect(due).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
