// UDP transport: each query rides a pooled socket connected to the resolver (udp-pool.ts), so the kernel drops other senders.
import { awaitReply } from './exchange.ts';
import type { ExchangeOptions, ExchangeResult } from './exchange.ts';
import type { Expected } from './packet.ts';
import { UdpPool } from './udp-pool.ts';
import type { ResolverAddress } from '../types.ts';

/** The process's UDP sockets, shared by every querier (the CLI's, the prefetch's, watch mode's rounds). */
const sharedPool = new UdpPool();

/**
 * Sends `message` over UDP and waits for the matching reply. Retransmits once, halfway to the deadline
 * (dig-like), when nothing valid arrived; packets with another ID or question are dropped. A truncated
 * reply is returned as is: the caller retries over TCP. ICMP "port unreachable" reads NETWORK ECONNREFUSED.
 */
export function udpExchange(resolver: ResolverAddress, message: Buffer, expected: Expected, opts: ExchangeOptions, pool: UdpPool = sharedPool): Promise<ExchangeResult> {
  return awaitReply(resolver, expected, opts, (waiter) => {
    const lease = pool.lease(resolver, expected.id, waiter);
    let retransmit: NodeJS.Timeout | undefined;
    lease.send(message, () => {
      const half = (opts.deadline - performance.now()) / 2;
      if (half > 0 && !waiter.settled()) retransmit = setTimeout(() => lease.send(message), half);
    });
    return () => {
      clearTimeout(retransmit);
      lease.release();
    };
  });
}
