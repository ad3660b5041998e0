// Every flag that takes a duration goes through durationFlag: units, the bare-milliseconds rule, the hint for
// a bare number that was meant as seconds, and limits echoed back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asTyped, durationFlag, stepAndRunLimits } from '../../../src/usage.ts';

test('units are read, a bare number of 50 or more is milliseconds, 0 is zero in any unit', () => {
  const cases: [string, number][] = [['3s', 3000], ['500ms', 500], ['2m', 120_000], ['1.5s', 1500], ['50', 50], ['3000', 3000], ['0', 0], ['40ms', 40], ['0s', 0]];
  for (const [input, ms] of cases) assert.equal(durationFlag('--timeout', input, 0, 3_600_000), ms, input);
});

test('a bare number from 1 to 49 is refused with the seconds it probably meant', () => {
  for (const [input, hint] of [['5', '5s'], ['49', '49s'], ['1', '1s'], ['0.5', '0.5s'], [' 10 ', '10s']]) {
    assert.throws(() => durationFlag('--timeout', input!, 1, 600_000), (e: Error) => {
      assert.equal(e.name, 'UsageError');
      assert.match(e.message, new RegExp(`^--timeout ${input!.trim()}: a bare number is milliseconds; did you mean ${hint!.replace('.', '\\.')}\\?`));
      return true;
    });
  }
});

test('a value outside the flag\'s range names the range in units; a word is not a duration', () => {
  assert.throws(() => durationFlag('--deadline', '2h', 1, 3_600_000), /^UsageError: --deadline 2h is out of range \(1ms–1h\)$/);
  assert.throws(() => durationFlag('--every', '5ms', 10, 86_400_000), /--every 5ms is out of range \(10ms–24h\)/);
  assert.throws(() => durationFlag('--timeout', 'soon', 1, 10), /--timeout "soon" is not a duration/);
  assert.throws(() => durationFlag('--timeout', '\u001b[31m5', 1, 10), (e: Error) => !e.message.includes('\u001b'));
});

test('limits are echoed in the largest unit that states them exactly, never rounded', () => {
  const cases: [number, string][] = [[0, '0ms'], [1, '1ms'], [1500, '1500ms'], [2000, '2s'], [90_000, '90s'], [120_000, '2m'], [3_600_000, '1h'], [86_400_000, '24h']];
  for (const [ms, text] of cases) assert.equal(asTyped(ms), text, String(ms));
});

test('--timeout and --deadline take units, and a deadline shorter than the timeout is refused', () => {
  assert.deepEqual(stepAndRunLimits({ timeout: '3s', deadline: '1m' }), { timeoutMs: 3000, deadlineMs: 60_000 });
  assert.deepEqual(stepAndRunLimits({ timeout: '800', deadline: '10000' }), { timeoutMs: 800, deadlineMs: 10_000 });
  assert.throws(() => stepAndRunLimits({ timeout: '2.5s', deadline: '2s' }), /--deadline 2s is shorter than --timeout 2500ms/);
});
