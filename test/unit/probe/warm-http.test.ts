import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { warmHttp } from '../../../src/probe/warm.ts';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('warmHttp', () => {
  it('completes one exchange in memory through undici and our body reader, and leaves no timer behind', async () => {
    const before = timers();
    assert.equal(await warmHttp(), true);
    assert.equal(await warmHttp(), true, 'a second warm-up works as well (one parser, reused)');
    assert.equal(timers(), before);
  });

  it('ends at once, unfinished, when the run is already over', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(await warmHttp(controller.signal), false);
  });

  it('ends unfinished when the run ends while it is in flight', async () => {
    const before = timers();
    const controller = new AbortController();
    const warming = warmHttp(controller.signal);
    controller.abort();
    assert.equal(await warming, false);
    assert.equal(timers(), before);
  });
});
