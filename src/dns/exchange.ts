// The waiting half of a DNS exchange shared by UDP and TCP: one deadline, one abort signal, reply validation.
import { failureMessage, parseReply } from './packet.ts';
import type { Expected, Reply } from './packet.ts';
import type { ErrorInfo, ResolverAddress } from '../types.ts';
import type { DnsTransportCode } from '../codes.ts';

/** How one exchange ended. An abort (the run's deadline) reads TIMEOUT with error code DEADLINE. */
export type ExchangeResult =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'error'; rcode: DnsTransportCode; error: ErrorInfo };

export interface ExchangeOptions {
  /** performance.now() value after which the exchange reads TIMEOUT. */
  deadline: number;
  signal?: AbortSignal;
  /** The caller's own way to end this one exchange (a raced UDP or TCP attempt), read like an abort. */
  stop?: Stop;
}

/**
 * Ends one exchange early, as an aborted signal would (TIMEOUT, code DEADLINE), without an AbortController
 * and an AbortSignal.any per query: those were ~8% of a sweep's CPU. One exchange listens to it.
 */
export class Stop {
  private listener: (() => void) | null = null;
  private stopped = false;

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const listener = this.listener;
    this.listener = null;
    listener?.();
  }

  /** Runs `listener` when stopped (at once if it already was); `null` forgets it. */
  listen(listener: (() => void) | null): void {
    if (listener && this.stopped) return listener();
    this.listener = listener;
  }
}

/** Handed to a transport so it can feed received messages and report socket failures. */
export interface Waiter {
  /**
   * Feeds one received DNS message. A matching reply settles the exchange; someone else's packet is dropped
   * and waiting continues. An undecodable one settles as MALFORMED when it came from the resolver for sure
   * (`trusted`: TCP) or carries our ID; otherwise it is remembered and only reported if nothing valid comes.
   */
  receive(message: Buffer, trusted: boolean): void;
  /** Ends the exchange with a transport failure: NETWORK (socket codes) or MALFORMED (a broken stream). */
  fail(code: string, detail: string, rcode?: Exclude<DnsTransportCode, 'TIMEOUT'>): void;
  settled(): boolean;
}

const abortListeners = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `listener` once when `signal` aborts (the caller checks `aborted` first); returns its removal. The
 * exchanges in flight share one real listener per signal: EventTarget scans its listeners on every add, so a
 * sweep's ~1,000 queries in flight each adding their own to the run's signal cost ~9% of the audit bench's CPU.
 */
function whenAborted(signal: AbortSignal, listener: () => void): () => void {
  let listeners = abortListeners.get(signal);
  if (!listeners) {
    const fresh = new Set<() => void>();
    listeners = fresh;
    abortListeners.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        abortListeners.delete(signal);
        for (const run of [...fresh]) run();
      },
      { once: true },
    );
  }
  const registered = listeners;
  registered.add(listener);
  return () => registered.delete(listener);
}

/**
 * Runs `open` (which sends the query and returns its cleanup) until a reply, a failure, the deadline or
 * the abort signal, whichever comes first. Never rejects; the cleanup always runs exactly once.
 */
export function awaitReply(
  resolver: ResolverAddress,
  expected: Expected,
  opts: ExchangeOptions,
  open: (waiter: Waiter) => () => void,
): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    let done = false;
    let cleanup: (() => void) | null = null;
    let timer: NodeJS.Timeout | undefined;
    let undecodable: ErrorInfo | null = null;
    let forget: (() => void) | undefined;
    const error = (rcode: DnsTransportCode, code: string, detail: string): ExchangeResult => ({
      kind: 'error',
      rcode,
      error: { code, message: failureMessage(rcode === code ? code : `${rcode} (${code})`, resolver, expected.name, expected.type, detail) },
    });
    const settle = (result: ExchangeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      forget?.();
      opts.stop?.listen(null);
      cleanup?.();
      resolve(result);
    };
    const onAbort = (): void => settle(error('TIMEOUT', 'DEADLINE', 'deadline reached before an answer'));
    // Re-arm until performance.now() has really passed the deadline, so a recorded ms is never below it.
    const arm = (): void => {
      const left = opts.deadline - performance.now();
      if (left > 0) {
        timer = setTimeout(arm, Math.ceil(left));
        return;
      }
      settle(undecodable ? error('MALFORMED', 'MALFORMED', `only undecodable replies (${undecodable.message})`) : error('TIMEOUT', 'TIMEOUT', 'no answer'));
    };
    const waiter: Waiter = {
      receive(message, trusted) {
        if (done) return;
        const check = parseReply(message, expected);
        if (check.kind === 'reply') settle({ kind: 'reply', reply: check.reply });
        else if (check.kind === 'malformed') {
          if (trusted || check.idMatches) settle(error('MALFORMED', 'MALFORMED', check.error.message));
          else undecodable = check.error;
        }
      },
      fail(code, detail, rcode = 'NETWORK') {
        settle(error(rcode, code, detail));
      },
      settled: () => done,
    };
    if (opts.signal?.aborted) return onAbort();
    opts.stop?.listen(onAbort);
    if (done) return;
    if (opts.signal) forget = whenAborted(opts.signal, onAbort);
    arm();
    if (done) return;
    let close: () => void;
    try {
      close = open(waiter);
    } catch (err) {
      return settle(error('NETWORK', (err as NodeJS.ErrnoException).code ?? 'NETWORK', (err as Error).message));
    }
    if (done) close();
    else cleanup = close;
  });
}
