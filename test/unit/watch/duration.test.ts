// Durations typed on the command line, and durations printed for people, as tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../../src/duration.ts';

test('durations with units parse to milliseconds; a bare number is milliseconds', () => {
  const cases: [string, number][] = [
    ['500', 500],
    ['0', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 30S ', 30_000],
    ['100 ms', 100],
    ['0.0004s', 0],
  ];
  for (const [input, ms] of cases) assert.deepEqual(parseDuration(input), { ok: true, ms }, input);
});

test('anything else is refused with a reason', () => {
  for (const input of ['', 'abc', '-5s', '1m30s', '5d', 's', '1e3', '0x10', '5 minutes', '.5s']) {
    const result = parseDuration(input);
    assert.equal(result.ok, false, input);
    if (!result.ok) assert.match(result.reason, /duration/);
  }
});

test('a duration over the limit is refused, naming the limit', () => {
  assert.deepEqual(parseDuration('2h', 3_600_000), { ok: false, reason: 'is too long (at most 1h00m)' });
  assert.deepEqual(parseDuration('1h', 3_600_000), { ok: true, ms: 3_600_000 });
});

test('durations print for people, coarser as they grow', () => {
  const cases: [number, string][] = [
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1s'],
    [42_999, '42s'],
    [60_000, '1m00s'],
    [2_565_000, '42m45s'],
    [3_600_000, '1h00m'],
    [11_100_000, '3h05m'],
    [-1, '0s'],
    [Number.NaN, '0s'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
});
