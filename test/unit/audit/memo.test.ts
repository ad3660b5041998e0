// The audit's run caches: one lookup per key, and a bounded cache that forgets its oldest key first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedCache, memo } from '../../../src/audit/memo.ts';

describe('memo', () => {
  it('makes one lookup per key while the cache lives, and one per call without a cache', async () => {
    let asked = 0;
    const make = () => Promise.resolve(++asked);
    const cache = new Map<string, Promise<number>>();
    assert.deepEqual(await Promise.all([memo(cache, 'a', make), memo(cache, 'a', make), memo(cache, 'b', make)]), [1, 1, 2]);
    assert.deepEqual(await Promise.all([memo(undefined, 'a', make), memo(undefined, 'a', make)]), [3, 4]);
  });
});

describe('boundedCache', () => {
  it('keeps at most `limit` keys, forgetting the oldest inserted first', () => {
    const cache = boundedCache<number>(2);
    cache.set('a', 1).set('b', 2).set('c', 3);
    assert.deepEqual([...cache.keys()], ['b', 'c']);
    assert.equal(cache.size, 2);
  });

  it('overwriting a key it holds forgets nothing', () => {
    const cache = boundedCache<number>(2);
    cache.set('a', 1).set('b', 2).set('a', 10);
    assert.deepEqual([...cache.entries()], [['a', 10], ['b', 2]]);
  });

  it('a forgotten key is asked again through memo', async () => {
    const cache = boundedCache<Promise<string>>(1);
    let asked = 0;
    const make = () => Promise.resolve(`answer ${++asked}`);
    await memo(cache, 'zone-a', make);
    await memo(cache, 'zone-b', make);
    assert.equal(await memo(cache, 'zone-a', make), 'answer 3');
  });
});
