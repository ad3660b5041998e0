// TCP transport: RFC 1035 length-prefixed framing, partial reads reassembled, total bytes capped.
import { connect } from 'node:net';
import { awaitReply } from './exchange.ts';
import type { ExchangeOptions, ExchangeResult } from './exchange.ts';
import { frameTcp, takeFrames } from './packet.ts';
import type { Expected } from './packet.ts';
import type { ResolverAddress } from '../types.ts';

/** More than this many bytes without a matching reply is a misbehaving server, not a slow one. */
const MAX_TCP_BYTES = 4 * (65535 + 2);

/**
 * Sends `message` over a new TCP connection and waits for the matching framed reply. Messages with another
 * ID or question are skipped; an undecodable one is MALFORMED (the stream is the resolver's own). A
 * connection closed before a reply, or a refused one, reads NETWORK with the socket's code.
 */
export function tcpExchange(resolver: ResolverAddress, message: Buffer, expected: Expected, opts: ExchangeOptions): Promise<ExchangeResult> {
  return awaitReply(resolver, expected, opts, (waiter) => {
    const socket = connect({ host: resolver.host, port: resolver.port });
    let pending: Buffer = Buffer.alloc(0);
    let received = 0;
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(frameTcp(message)));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_TCP_BYTES) return waiter.fail('MALFORMED', `more than ${MAX_TCP_BYTES} bytes without a matching reply`, 'MALFORMED');
      const { frames, rest } = takeFrames(pending.length ? Buffer.concat([pending, chunk]) : chunk);
      pending = rest;
      for (const frame of frames) waiter.receive(frame, true);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => waiter.fail(err.code ?? 'NETWORK', err.message));
    socket.on('close', () => waiter.fail('ECONNRESET', 'connection closed before a reply'));
    return () => {
      socket.removeAllListeners('data');
      socket.removeAllListeners('close');
      socket.on('error', () => {});
      socket.destroy();
    };
  });
}
