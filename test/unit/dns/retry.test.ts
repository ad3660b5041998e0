// Rate-limit handling over a fake querier: what is retried, how long it waits, and that the deadline wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, BULK_RETRY, isRetryable, RetryCounter, withRetries, type RetryPolicy } from '../../../src/dns/retry.ts';
import type { Querier, QueryResult } from '../../../src/dns/query.ts';
import type { ResolverAddress } from '../../../src/types.ts';

const r1: ResolverAddress = { host: '127.0.0.1', port: 53, label: '127.0.0.1:53' };
const r2: ResolverAddress = { host: '127.0.0.2', port: 53, label: '127.0.0.2:53' };
const fast: RetryPolicy = { retries: 2, baseMs: 1, maxMs: 4 };

function answered(rcode: string): QueryResult {
  return { ok: true, rcode, answers: [], authorities: [], ms: 1, tcp: false };
}
function failed(rcode: 'TIMEOUT' | 'MALFORMED' | 'NETWORK', code: string): QueryResult {
  return { ok: false, rcode, error: { code, message: `dns: ${code}` }, ms: 1, tcp: false };
}

/** Answers from `script` in order (the last one repeats), counting the calls. */
function scripted(script: QueryResult[]): { query: Querier; calls: () => number } {
  let calls = 0;
  const query: Querier = async () => script[Math.min(calls++, script.length - 1)] as QueryResult;
  return { query, calls: () => calls };
}

test('a loaded resolver\'s answers are retried: REFUSED, and a timeout of the query\'s own timer', () => {
  const cases: [string, QueryResult, boolean][] = [
    ['REFUSED', answered('REFUSED'), true],
    ['TIMEOUT (no answer)', failed('TIMEOUT', 'TIMEOUT'), true],
    ['NOERROR', answered('NOERROR'), false],
    ['SERVFAIL (the data of an outage)', answered('SERVFAIL'), false],
    ['NXDOMAIN', answered('NXDOMAIN'), false],
    ['TIMEOUT caused by the run deadline', failed('TIMEOUT', 'DEADLINE'), false],
    ['NETWORK (nothing listens)', failed('NETWORK', 'ECONNREFUSED'), false],
    ['MALFORMED', failed('MALFORMED', 'MALFORMED'), false],
  ];
  for (const [name, result, expected] of cases) assert.equal(isRetryable(result), expected, name);
});

test('the backoff doubles from the base, is capped, and its jitter keeps it between half and all of that', () => {
  const policy: RetryPolicy = { retries: 5, baseMs: 100, maxMs: 400 };
  assert.equal(backoffMs(1, policy, () => 0), 50);
  assert.equal(backoffMs(1, policy, () => 0.999999), 100);
  assert.equal(backoffMs(2, policy, () => 0), 100);
  assert.equal(backoffMs(2, policy, () => 0.999999), 200);
  assert.equal(backoffMs(3, policy, () => 0.999999), 400);
  assert.equal(backoffMs(6, policy, () => 0.999999), 400, 'capped at maxMs');
  assert.equal(backoffMs(6, policy, () => 0), 200);
});

test('the bulk policy retries twice, 100 ms first and never more than 400 ms', () => {
  assert.deepEqual(BULK_RETRY, { retries: 2, baseMs: 100, maxMs: 400 });
});

test('a REFUSED answer is asked again until the resolver answers, and each retry is reported', async () => {
  const { query, calls } = scripted([answered('REFUSED'), answered('REFUSED'), answered('NOERROR')]);
  const retried: string[] = [];
  const result = await withRetries(fast, { onRetry: (r, res) => retried.push(`${r.label} ${res.rcode}`) }, query)(r1, 'a.test', 'A', { timeoutMs: 100 });
  assert.equal(result.ok && result.rcode, 'NOERROR');
  assert.equal(calls(), 3);
  assert.deepEqual(retried, ['127.0.0.1:53 REFUSED', '127.0.0.1:53 REFUSED']);
});

test('retries are bounded: a resolver that keeps refusing is asked 1 + retries times and its REFUSED is the result', async () => {
  const { query, calls } = scripted([answered('REFUSED')]);
  const result = await withRetries(fast, {}, query)(r1, 'a.test', 'A', { timeoutMs: 100 });
  assert.equal(result.ok && result.rcode, 'REFUSED');
  assert.equal(calls(), 3);
});

test('a SERVFAIL is returned at once, not retried', async () => {
  const { query, calls } = scripted([answered('SERVFAIL'), answered('NOERROR')]);
  const result = await withRetries(fast, {}, query)(r1, 'a.test', 'A', { timeoutMs: 100 });
  assert.equal(result.ok && result.rcode, 'SERVFAIL');
  assert.equal(calls(), 1);
});

test('a policy of zero retries leaves the querier untouched', () => {
  const { query } = scripted([answered('REFUSED')]);
  assert.equal(withRetries({ ...fast, retries: 0 }, {}, query), query);
});

test('the deadline ends a backoff at once with the last result, and no retry starts after it', async () => {
  const { query, calls } = scripted([answered('REFUSED'), answered('NOERROR')]);
  const controller = new AbortController();
  const slow: RetryPolicy = { retries: 2, baseMs: 10_000, maxMs: 10_000 };
  const started = performance.now();
  setTimeout(() => controller.abort(new Error('deadline')), 20);
  const result = await withRetries(slow, {}, query)(r1, 'a.test', 'A', { timeoutMs: 100, signal: controller.signal });
  assert.ok(performance.now() - started < 2000, 'did not wait for the 10 s backoff');
  assert.equal(result.ok && result.rcode, 'REFUSED');
  assert.equal(calls(), 1);
});

test('with the deadline already passed, a retryable answer is returned without a retry', async () => {
  const { query, calls } = scripted([failed('TIMEOUT', 'TIMEOUT'), answered('NOERROR')]);
  const retried: string[] = [];
  const result = await withRetries(fast, { onRetry: (r) => retried.push(r.label) }, query)(r1, 'a.test', 'A', { timeoutMs: 100, signal: AbortSignal.abort() });
  assert.equal(result.ok, false);
  assert.equal(calls(), 1);
  assert.deepEqual(retried, []);
});

test('the counter sums retries per resolver and lists the most retried first', () => {
  const counter = new RetryCounter();
  assert.equal(counter.total(), 0);
  counter.add(r1);
  counter.add(r2);
  counter.add(r2);
  assert.equal(counter.total(), 3);
  assert.deepEqual(counter.entries(), [['127.0.0.2:53', 2], ['127.0.0.1:53', 1]]);
});
