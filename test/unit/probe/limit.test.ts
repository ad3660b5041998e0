// The shared limiter: never more than N tasks in flight, FIFO, and a failing task frees its slot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLimiter } from '../../../src/probe/limit.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createLimiter', () => {
  it('never runs more than the given number of tasks at once', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const task = async (): Promise<number> => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
      return peak;
    };
    await Promise.all(Array.from({ length: 10 }, () => limit(task)));
    assert.equal(peak, 3);
  });

  it('starts queued tasks in the order they were queued', async () => {
    const limit = createLimiter(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limit(async () => void order.push(n))));
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('frees the slot of a task that rejects or throws synchronously', async () => {
    const limit = createLimiter(1);
    await assert.rejects(limit(() => Promise.reject(new Error('boom'))), /boom/);
    await assert.rejects(
      limit(() => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(await limit(async () => 'still runs'), 'still runs');
  });

  it('treats a concurrency below one as one', async () => {
    const limit = createLimiter(0);
    let active = 0;
    let peak = 0;
    await Promise.all(
      [1, 2].map(() =>
        limit(async () => {
          peak = Math.max(peak, ++active);
          await tick();
          active--;
        }),
      ),
    );
    assert.equal(peak, 1);
  });
});
