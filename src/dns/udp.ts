// UDP transport: one fresh socket per query, connected to the resolver so the kernel drops other senders.
import { createSocket } from 'node:dgram';
import { ipFamily } from '../ip.ts';
import { awaitReply } from './exchange.ts';
import type { ExchangeOptions, ExchangeResult } from './exchange.ts';
import type { Expected } from './packet.ts';
import type { ResolverAddress } from '../types.ts';

/**
 * Sends `message` over UDP and waits for the matching reply. Retransmits once, halfway to the deadline
 * (dig-like), when nothing valid arrived; packets with another ID or question are dropped. A truncated
 * reply is returned as is: the caller retries over TCP. ICMP "port unreachable" reads NETWORK ECONNREFUSED.
 */
export function udpExchange(resolver: ResolverAddress, message: Buffer, expected: Expected, opts: ExchangeOptions): Promise<ExchangeResult> {
  return awaitReply(resolver, expected, opts, (waiter) => {
    const socket = createSocket(ipFamily(resolver.host) === 6 ? 'udp6' : 'udp4');
    let retransmit: NodeJS.Timeout | undefined;
    const send = (): void => {
      socket.send(message, (err) => {
        if (err) waiter.fail((err as NodeJS.ErrnoException).code ?? 'NETWORK', err.message);
      });
    };
    socket.on('error', (err: NodeJS.ErrnoException) => waiter.fail(err.code ?? 'NETWORK', err.message));
    socket.on('message', (msg) => waiter.receive(msg, false));
    // A connect that fails (no route, a firewall's EACCES/EPERM, no such local address) hands its error to
    // this callback, not to 'error': it must end the exchange, or send() would run on an unconnected socket.
    socket.connect(resolver.port, resolver.host, (err?: NodeJS.ErrnoException) => {
      if (waiter.settled()) return;
      if (err) return waiter.fail(err.code ?? 'NETWORK', err.message);
      send();
      const half = (opts.deadline - performance.now()) / 2;
      if (half > 0) retransmit = setTimeout(send, half);
    });
    return () => {
      clearTimeout(retransmit);
      socket.removeAllListeners('message');
      socket.on('error', () => {}); // late ICMP errors after close must not become uncaught
      try {
        socket.close();
      } catch {
        // already closed by a failed connect
      }
    };
  });
}
