// Bounded retries for a resolver that sheds load (REFUSED, or silence) during a sweep: a Querier wrapper, so
// the chain walk and the trace retry without knowing it, and every retry is counted where the sweep reports it.
import { query as realQuery } from './query.ts';
import type { Querier, QueryResult } from './query.ts';
import type { ResolverAddress } from '../types.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (0 = none). */
  retries: number;
  /** Backoff before the first retry, doubled for each next one, capped by maxMs; each jittered to 50–100 %. */
  baseMs: number;
  maxMs: number;
}

/** What bulk sweeps use: up to 2 retries, about 100 then 200 ms apart, never more than 400 ms. */
export const BULK_RETRY: RetryPolicy = { retries: 2, baseMs: 100, maxMs: 400 };

export interface RetryHooks {
  /** Called before each retry with the resolver and the result that caused it. */
  onRetry?: (resolver: ResolverAddress, result: QueryResult) => void;
  /** Uniform [0, 1) source for the jitter (tests pin it). */
  random?: () => number;
}

/**
 * True for the answers a loaded resolver gives instead of an answer: REFUSED, and TIMEOUT from the
 * query's own timer. Not SERVFAIL or NXDOMAIN (those are the data: an outage must not cost three times
 * as long to report), not NETWORK (nothing listens there), not a TIMEOUT caused by the run's deadline. Pure.
 */
export function isRetryable(result: QueryResult): boolean {
  if (result.ok) return result.rcode === 'REFUSED';
  return result.rcode === 'TIMEOUT' && result.error.code === 'TIMEOUT';
}

/** The wait before retry number `attempt` (1-based): min(maxMs, baseMs·2^(attempt−1)), jittered to 50–100 %. Pure. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Wraps `query` so a retryable result (see isRetryable) is asked again up to `policy.retries` times after
 * a backoff. The signal bounds everything: an abort during the backoff returns the last result at once,
 * and no retry starts after it. The `ms` of the returned result is the last attempt's round trip (the
 * hop's time as the resolver finally gave it), not the time spent waiting. Never rejects.
 */
export function withRetries(policy: RetryPolicy, hooks: RetryHooks = {}, query: Querier = realQuery): Querier {
  if (policy.retries <= 0) return query;
  return async (resolver, name, type, opts) => {
    let result = await query(resolver, name, type, opts);
    for (let attempt = 1; attempt <= policy.retries && isRetryable(result); attempt++) {
      if (opts.signal?.aborted) return result;
      hooks.onRetry?.(resolver, result);
      const waited = await sleep(backoffMs(attempt, policy, hooks.random), opts.signal);
      if (!waited) return result;
      result = await query(resolver, name, type, opts);
    }
    return result;
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the timer is cleared either way). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retried queries per resolver label, for the sweep summary. */
export class RetryCounter {
  private readonly byResolver = new Map<string, number>();

  add(resolver: ResolverAddress): void {
    this.byResolver.set(resolver.label, (this.byResolver.get(resolver.label) ?? 0) + 1);
  }

  total(): number {
    let n = 0;
    for (const count of this.byResolver.values()) n += count;
    return n;
  }

  /** [label, count] pairs, most retried first. */
  entries(): [string, number][] {
    return [...this.byResolver].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
}
