// UDP sockets shared by the queries to one resolver: opening and closing a socket per query was a fifth of the
// audit bench's CPU. A few connected sockets per resolver carry many queries each, demultiplexed by DNS ID.
import { createSocket, type Socket } from 'node:dgram';
import { ipFamily } from '../ip.ts';
import type { Waiter } from './exchange.ts';
import type { ResolverAddress } from '../types.ts';

/**
 * How far sockets are shared. A socket carries at most `maxInFlight` queries at once (each extra outstanding ID
 * is one more target for a blind spoofer who guessed the port) and `maxUses` in its life, so the source port
 * keeps changing as under one socket per query; it closes after `idleMs` with nothing in flight.
 */
export interface UdpPoolLimits {
  maxInFlight: number;
  maxUses: number;
  idleMs: number;
}

/**
 * dgram's address lookup for a resolver, which is always an IP literal (and the bind address, '0.0.0.0' or '::'):
 * nothing to resolve, and dgram's default (dns.lookup) would load node:dns and its resolver, ~4 ms of every start.
 * Answered on the next tick, as dns.lookup answers a literal.
 */
function literalLookup(address: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  process.nextTick(callback, null, address, ipFamily(address) === 6 ? 6 : 4);
}

/** Errors about the connected peer (reported by the kernel to the next call on the socket), not one datagram. */
const PEER_ERRORS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'ECONNRESET']);

const UDP_POOL_LIMITS: UdpPoolLimits = { maxInFlight: 16, maxUses: 128, idleMs: 1000 };

/** One query's hold on a pooled socket: `send` transmits (again, for a retransmission), `release` frees its ID. */
export interface UdpLease {
  /** Sends `message` once the socket is connected; `sent` runs after the first send was handed to the kernel. */
  send(message: Buffer, sent?: () => void): void;
  release(): void;
}

interface Pooled {
  socket: Socket;
  key: string;
  connected: boolean;
  /** No new queries: it failed, or has carried maxUses. Closes when the last query in flight releases it. */
  retired: boolean;
  closed: boolean;
  uses: number;
  waiters: Map<number, Waiter>;
  /** Sends waiting for the connect to finish. */
  queued: (() => void)[];
  idle: NodeJS.Timeout | undefined;
}

/**
 * Connected UDP sockets per resolver (the kernel picks each one's random ephemeral port and drops datagrams
 * from any other address or port). A reply goes to the query whose ID it carries, which still checks the
 * question (Waiter.receive); a datagram whose ID no query holds is offered to every query on that socket, which
 * ignore it unless it is undecodable (remembered as a possible MALFORMED, as with a socket of one's own). A
 * socket error (ICMP port unreachable: ECONNREFUSED) or a failed connect ends every query on that socket with
 * the error's code and retires it. Sockets are unref'd: an idle pool never keeps the process alive.
 */
export class UdpPool {
  private readonly sockets = new Map<string, Pooled[]>();
  private opened = 0;

  constructor(private readonly limits: UdpPoolLimits = UDP_POOL_LIMITS) {}

  /** Sockets opened so far (tests and benchmarks). */
  openedCount(): number {
    return this.opened;
  }

  /** Sockets open now, in flight or idle (tests: nothing is left behind). */
  openCount(): number {
    let n = 0;
    for (const list of this.sockets.values()) n += list.length;
    return n;
  }

  /**
   * Registers `waiter` for replies carrying `id` from `resolver`, on a socket with room for it and no other
   * query holding the same ID (opening one when none has). Throws only what createSocket throws.
   */
  lease(resolver: ResolverAddress, id: number, waiter: Waiter): UdpLease {
    const entry = this.pick(resolver, id);
    entry.waiters.set(id, waiter);
    entry.uses += 1;
    if (entry.uses >= this.limits.maxUses) entry.retired = true;
    clearTimeout(entry.idle);
    entry.idle = undefined;
    let released = false;
    return {
      send: (message, sent) => {
        const go = (): void => {
          if (released || entry.closed) return;
          try {
            entry.socket.send(message, (err) => {
              if (!err) return;
              const code = (err as NodeJS.ErrnoException).code ?? 'NETWORK';
              // On a connected socket the kernel reports an ICMP error (port unreachable, no route) once, to whichever
              // call comes next: a send that reads it has taken it from every query on the socket, which would then
              // wait for a reply that cannot come. Such an error is the socket's; anything else is this datagram's.
              if (PEER_ERRORS.has(code)) this.fail(entry, code, err.message);
              else if (!released) waiter.fail(code, err.message);
            });
          } catch (err) {
            // Thrown, not called back (a socket closed under it): this query's failure, never an uncaught one.
            return waiter.fail((err as NodeJS.ErrnoException).code ?? 'NETWORK', (err as Error).message);
          }
          sent?.();
        };
        if (entry.connected) go();
        else entry.queued.push(go);
      },
      release: () => {
        if (released) return;
        released = true;
        if (entry.waiters.get(id) === waiter) entry.waiters.delete(id);
        if (entry.waiters.size === 0) this.quiet(entry);
      },
    };
  }

  /** Closes every socket at once (tests; a process about to exit need not). Queries in flight end as NETWORK. */
  closeAll(): void {
    for (const list of [...this.sockets.values()]) for (const entry of [...list]) this.fail(entry, 'ECANCELED', 'the socket pool was closed');
  }

  private pick(resolver: ResolverAddress, id: number): Pooled {
    const key = resolver.label;
    const list = this.sockets.get(key);
    if (list) {
      for (const entry of list) {
        if (!entry.retired && entry.waiters.size < this.limits.maxInFlight && !entry.waiters.has(id)) return entry;
      }
    }
    return this.open(resolver, key);
  }

  private open(resolver: ResolverAddress, key: string): Pooled {
    const socket = createSocket({ type: ipFamily(resolver.host) === 6 ? 'udp6' : 'udp4', lookup: literalLookup });
    this.opened += 1;
    const entry: Pooled = { socket, key, connected: false, retired: false, closed: false, uses: 0, waiters: new Map(), queued: [], idle: undefined };
    const list = this.sockets.get(key);
    if (list) list.push(entry);
    else this.sockets.set(key, [entry]);
    socket.unref();
    socket.on('message', (message: Buffer) => {
      const owner = message.length >= 2 ? entry.waiters.get(message.readUInt16BE(0)) : undefined;
      if (owner) return owner.receive(message, false);
      for (const waiter of [...entry.waiters.values()]) waiter.receive(message, false);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => this.fail(entry, err.code ?? 'NETWORK', err.message));
    // A connect that fails (no route, a firewall's EACCES/EPERM, no such local address) hands its error to this
    // callback, not to 'error': it must end the queries waiting, or their sends would run on an unconnected socket.
    try {
      socket.connect(resolver.port, resolver.host, (err?: NodeJS.ErrnoException) => {
        if (entry.closed) return;
        if (err) return this.fail(entry, err.code ?? 'NETWORK', err.message);
        entry.connected = true;
        const queued = entry.queued;
        entry.queued = [];
        for (const go of queued) go();
      });
    } catch (err) {
      this.close(entry); // a port or address refused before any I/O: the caller reports it as NETWORK
      throw err;
    }
    return entry;
  }

  /** Ends every query on `entry` with `code` and closes it: whatever broke it would break them too. */
  private fail(entry: Pooled, code: string, message: string): void {
    entry.retired = true;
    for (const waiter of [...entry.waiters.values()]) waiter.fail(code, message);
    entry.waiters.clear();
    this.close(entry);
  }

  /** Nothing in flight on `entry`: closed if retired, else closed after idleMs unless reused first. */
  private quiet(entry: Pooled): void {
    if (entry.retired) return this.close(entry);
    clearTimeout(entry.idle);
    entry.idle = setTimeout(() => this.close(entry), this.limits.idleMs);
    entry.idle.unref();
  }

  private close(entry: Pooled): void {
    if (entry.closed) return;
    entry.closed = true;
    entry.retired = true;
    entry.queued = [];
    clearTimeout(entry.idle);
    const list = this.sockets.get(entry.key);
    const at = list?.indexOf(entry) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
    if (list?.length === 0) this.sockets.delete(entry.key);
    entry.socket.removeAllListeners('message');
    entry.socket.on('error', () => {}); // late ICMP errors after close must not become uncaught
    try {
      entry.socket.close();
    } catch {
      // already closed
    }
  }
}
