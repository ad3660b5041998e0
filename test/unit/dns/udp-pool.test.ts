// The pooled UDP transport against a scripted server on loopback: replies find their query by ID, strangers are
// ignored, sockets are shared within limits and retired after them, errors end the queries on the socket.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { buildQuery } from '../../../src/dns/packet.ts';
import { udpExchange } from '../../../src/dns/udp.ts';
import { UdpPool, type UdpPoolLimits } from '../../../src/dns/udp-pool.ts';
import type { ExchangeResult } from '../../../src/dns/exchange.ts';
import type { ResolverAddress } from '../../../src/types.ts';

interface Heard {
  id: number;
  name: string;
  from: RemoteInfo;
}

/** A server that answers nothing by itself: the test decides what goes back, to whom, and when. */
class ScriptedServer {
  readonly heard: Heard[] = [];
  private waiting: (() => void)[] = [];
  private constructor(
    private readonly socket: Socket,
    readonly resolver: ResolverAddress,
  ) {
    socket.on('message', (message, from) => {
      const query = dnsPacket.decode(message);
      this.heard.push({ id: query.id ?? -1, name: query.questions?.[0]?.name ?? '', from });
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  static async start(): Promise<ScriptedServer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    return new ScriptedServer(socket, { host: '127.0.0.1', port, label: `127.0.0.1:${port}` });
  }

  /** Resolves once `n` queries in all have arrived. */
  async hear(n: number): Promise<void> {
    while (this.heard.length < n) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Answers `to` with `address` for `name` (its own question unless overridden) under `id` (its own unless overridden). */
  answer(to: Heard, address: string, override: { id?: number; name?: string } = {}): void {
    const name = override.name ?? to.name;
    const reply = dnsPacket.encode({
      type: 'response',
      id: override.id ?? to.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: [{ type: 'A', name }],
      answers: [{ type: 'A', name, ttl: 60, data: address }],
    });
    this.socket.send(reply, to.from.port, to.from.address);
  }

  raw(to: Heard, bytes: Buffer): void {
    this.socket.send(bytes, to.from.port, to.from.address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

const LIMITS: UdpPoolLimits = { maxInFlight: 4, maxUses: 8, idleMs: 60_000 };

function ask(pool: UdpPool, resolver: ResolverAddress, id: number, name: string, timeoutMs = 2000): Promise<ExchangeResult> {
  return udpExchange(resolver, buildQuery(id, name, 'A'), { id, name, type: 'A' }, { deadline: performance.now() + timeoutMs }, pool);
}

function address(result: ExchangeResult): string | undefined {
  return result.kind === 'reply' ? result.reply.answers[0]?.data : `${result.rcode} ${result.error.code}`;
}

/** A loopback port nobody listens on: bound, read, released. */
async function deadPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the UDP socket pool', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(() => server.close());

  test('queries in flight together share one socket and each gets the reply carrying its ID, whatever the order', async () => {
    const pool = new UdpPool(LIMITS);
    const start = server.heard.length;
    const first = ask(pool, server.resolver, 101, 'one.test');
    const second = ask(pool, server.resolver, 202, 'two.test');
    await server.hear(start + 2);
    const [q1, q2] = server.heard.slice(start);
    assert.ok(q1 && q2);
    assert.equal(q1.from.port, q2.from.port, 'one source port: one socket');
    server.answer(q2, '192.0.2.2');
    server.answer(q1, '192.0.2.1');
    assert.deepEqual([address(await first), address(await second)], ['192.0.2.1', '192.0.2.2']);
    assert.equal(pool.openedCount(), 1);
    pool.closeAll();
    assert.equal(pool.openCount(), 0);
  });

  test('a reply under an ID nobody asked with, or under our ID for another question, is ignored; the real one that follows is used', async () => {
    const pool = new UdpPool(LIMITS);
    const start = server.heard.length;
    const pending = ask(pool, server.resolver, 303, 'real.test');
    await server.hear(start + 1);
    const q = server.heard[start];
    assert.ok(q);
    server.answer(q, '198.51.100.66', { id: 304 });
    server.answer(q, '198.51.100.67', { name: 'other.test' });
    server.answer(q, '192.0.2.3');
    assert.equal(address(await pending), '192.0.2.3');
    pool.closeAll();
  });

  test('an undecodable datagram under no known ID is remembered: with nothing valid after it, the query is MALFORMED at its deadline', async () => {
    const pool = new UdpPool(LIMITS);
    const start = server.heard.length;
    const pending = ask(pool, server.resolver, 404, 'junk.test', 150);
    await server.hear(start + 1);
    const q = server.heard[start];
    assert.ok(q);
    server.raw(q, Buffer.from([0xff, 0xff, 0x81, 0x80, 0x00, 0x01])); // ID 65535, then a cut-off header
    assert.equal(address(await pending), 'MALFORMED MALFORMED');
    pool.closeAll();
  });

  test('a socket carries at most maxInFlight queries at once: the next one opens another socket', async () => {
    const pool = new UdpPool({ ...LIMITS, maxInFlight: 2 });
    const start = server.heard.length;
    const pending = [ask(pool, server.resolver, 1, 'a.test'), ask(pool, server.resolver, 2, 'b.test'), ask(pool, server.resolver, 3, 'c.test')];
    await server.hear(start + 3);
    const heard = server.heard.slice(start);
    assert.equal(new Set(heard.map((h) => h.from.port)).size, 2);
    assert.equal(pool.openedCount(), 2);
    for (const h of heard) server.answer(h, '192.0.2.9');
    for (const result of await Promise.all(pending)) assert.equal(address(result), '192.0.2.9');
    pool.closeAll();
  });

  test('two queries in flight with the same ID never share a socket', async () => {
    const pool = new UdpPool(LIMITS);
    const start = server.heard.length;
    const pending = [ask(pool, server.resolver, 77, 'same-id-1.test'), ask(pool, server.resolver, 77, 'same-id-2.test')];
    await server.hear(start + 2);
    const heard = server.heard.slice(start);
    assert.notEqual(heard[0]?.from.port, heard[1]?.from.port);
    for (const h of heard) server.answer(h, h.name === 'same-id-1.test' ? '192.0.2.1' : '192.0.2.2');
    assert.deepEqual((await Promise.all(pending)).map(address), ['192.0.2.1', '192.0.2.2']);
    pool.closeAll();
  });

  test('a socket is retired after maxUses queries, so the source port changes, and closes once its last query ends', async () => {
    const pool = new UdpPool({ ...LIMITS, maxUses: 2 });
    const start = server.heard.length;
    for (let i = 0; i < 3; i++) {
      const pending = ask(pool, server.resolver, 500 + i, `seq${i}.test`);
      await server.hear(start + i + 1);
      const h = server.heard[start + i];
      assert.ok(h);
      server.answer(h, '192.0.2.5');
      assert.equal(address(await pending), '192.0.2.5');
    }
    const ports = server.heard.slice(start).map((h) => h.from.port);
    assert.equal(ports[0], ports[1], 'the first two share the socket');
    assert.notEqual(ports[1], ports[2], 'the third one is on a fresh socket');
    assert.equal(pool.openedCount(), 2);
    assert.equal(pool.openCount(), 1, 'the retired socket is closed; the second one idles');
    pool.closeAll();
  });

  test('an idle socket closes after idleMs', async () => {
    const pool = new UdpPool({ ...LIMITS, idleMs: 20 });
    const start = server.heard.length;
    const pending = ask(pool, server.resolver, 600, 'idle.test');
    await server.hear(start + 1);
    const h = server.heard[start];
    assert.ok(h);
    server.answer(h, '192.0.2.6');
    await pending;
    assert.equal(pool.openCount(), 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(pool.openCount(), 0);
  });

  test('ICMP port unreachable ends every query on that socket as NETWORK ECONNREFUSED and retires it; the next query opens a new one', async () => {
    const pool = new UdpPool(LIMITS);
    const port = await deadPort();
    const nobody: ResolverAddress = { host: '127.0.0.1', port, label: `127.0.0.1:${port}` };
    const results = await Promise.all([ask(pool, nobody, 1, 'x.test'), ask(pool, nobody, 2, 'y.test')]);
    assert.deepEqual(results.map(address), ['NETWORK ECONNREFUSED', 'NETWORK ECONNREFUSED']);
    assert.equal(pool.openCount(), 0);
    assert.equal(address(await ask(pool, nobody, 3, 'z.test')), 'NETWORK ECONNREFUSED');
    assert.equal(pool.openedCount(), 2);
  });

  test('an ICMP error that a send collects (not a read) still ends every query on the socket at once', async () => {
    const pool = new UdpPool(LIMITS);
    const port = await deadPort();
    const nobody: ResolverAddress = { host: '127.0.0.1', port, label: `127.0.0.1:${port}` };
    const started = performance.now();
    // A burst, as the first questions of a run go out once the socket connects: on loopback the first datagram's
    // ICMP error is pending before the next send, which then collects it instead of the socket's read.
    const results = await Promise.all([1, 2, 3, 4].map((id) => ask(pool, nobody, id, `q${id}.test`, 5000)));
    assert.deepEqual(results.map(address), Array(4).fill('NETWORK ECONNREFUSED'));
    assert.ok(performance.now() - started < 1000, `all ended at once, not at a timeout (${Math.round(performance.now() - started)} ms)`);
    assert.equal(pool.openCount(), 0);
  });

  test('a port refused before any I/O reads NETWORK with its code and leaves no socket behind', async () => {
    const pool = new UdpPool(LIMITS);
    const bad: ResolverAddress = { host: '127.0.0.1', port: 0, label: '127.0.0.1:0' };
    const result = await ask(pool, bad, 1, 'x.test');
    assert.equal(result.kind, 'error');
    assert.ok(result.kind === 'error' && result.rcode === 'NETWORK' && result.error.code === 'ERR_SOCKET_BAD_PORT', JSON.stringify(result));
    assert.equal(pool.openCount(), 0);
  });

  test('aborting one query frees its ID and leaves the others on the socket waiting for their replies', async () => {
    const pool = new UdpPool(LIMITS);
    const start = server.heard.length;
    const stop = new AbortController();
    const aborted = udpExchange(server.resolver, buildQuery(700, 'gone.test', 'A'), { id: 700, name: 'gone.test', type: 'A' }, { deadline: performance.now() + 2000, signal: stop.signal }, pool);
    const kept = ask(pool, server.resolver, 701, 'kept.test');
    await server.hear(start + 2);
    stop.abort();
    assert.equal(address(await aborted), 'TIMEOUT DEADLINE');
    const h = server.heard.slice(start).find((x) => x.name === 'kept.test');
    assert.ok(h);
    server.answer(h, '192.0.2.7');
    assert.equal(address(await kept), '192.0.2.7');
    pool.closeAll();
  });

  test('pooled sockets do not keep a process alive once its queries are done, even long before they would idle out', async () => {
    // The child asks through a pool whose sockets idle for 10 minutes, then has nothing left to do: it must exit by itself.
    const src = (path: string): string => JSON.stringify(fileURLToPath(new URL(`../../../src/dns/${path}`, import.meta.url)));
    const script = `
      import { createSocket } from 'node:dgram';
      import { buildQuery } from ${src('packet.ts')};
      import { udpExchange } from ${src('udp.ts')};
      import { UdpPool } from ${src('udp-pool.ts')};
      const pool = new UdpPool({ maxInFlight: 16, maxUses: 128, idleMs: 600000 });
      const server = createSocket('udp4');
      server.on('message', (m, from) => { m[2] |= 0x80; server.send(m, from.port, from.address, () => server.close()); });
      server.bind(0, '127.0.0.1', async () => {
        const port = server.address().port;
        const resolver = { host: '127.0.0.1', port, label: '127.0.0.1:' + port };
        const r = await udpExchange(resolver, buildQuery(9, 'alive.test', 'A'), { id: 9, name: 'alive.test', type: 'A' }, { deadline: performance.now() + 5000 }, pool);
        console.log(r.kind, pool.openCount());
      });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    assert.equal(out.trim(), 'reply 1', 'answered, with its socket still open in the pool');
    assert.equal(code, 0, 'exited by itself, not killed');
  });
});
