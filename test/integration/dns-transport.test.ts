// Queries over real sockets against hostile or silent servers on loopback: timeouts, spoofing, garbage, aborts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { getEventListeners } from 'node:events';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import dnsPacket from 'dns-packet';
import { buildQuery, frameTcp } from '../../src/dns/packet.ts';
import { createQuerier, query } from '../../src/dns/query.ts';
import { tcpExchange } from '../../src/dns/tcp.ts';
import { traceDns } from '../../src/dns/trace.ts';
import { SPOOFED_A, startDnsServer } from '../../src/lab/dns-server.ts';
import type { LabDnsServer } from '../../src/lab/dns-server.ts';
import type { LabZoneData } from '../../src/lab/zones.ts';
import type { ResolverAddress } from '../../src/types.ts';

const zone: LabZoneData = {
  records: [
    { name: 'drop.test', type: 'A', data: '127.0.0.1' },
    { name: 'udp-filtered.test', type: 'A', data: '127.0.0.7' },
    { name: 'udp-filtered-2.test', type: 'A', data: '127.0.0.8' },
    { name: 'spoof.test', type: 'A', data: '127.0.0.2' },
    { name: 'garbage.test', type: 'A', data: '127.0.0.3' },
    { name: 'slow.test', type: 'A', data: '127.0.0.4' },
    { name: 'ok.test', type: 'A', data: '127.0.0.5' },
  ],
  faults: [
    { name: 'drop.test', fault: 'drop' },
    { name: 'udp-filtered.test', fault: 'drop-udp' },
    { name: 'udp-filtered-2.test', fault: 'drop-udp' },
    { name: 'spoof.test', fault: 'wrong-id' },
    { name: 'garbage.test', fault: 'malformed' },
    { name: 'slow.test', delayMs: 60 },
  ],
};

describe('queries to a misbehaving lab resolver', () => {
  let lab: LabDnsServer;
  before(async () => {
    lab = await startDnsServer(zone);
  });
  after(() => lab.close());

  test('a dropped query reads TIMEOUT no sooner than the timeout, after one UDP retransmission and one TCP try, both at halfway', async () => {
    const before = lab.queryCount();
    const result = await createQuerier()(lab.resolver, 'drop.test', 'A', { timeoutMs: 200 });
    assert.equal(result.ok, false);
    assert.equal(result.rcode, 'TIMEOUT');
    assert.equal(result.tcp, false, 'the failure reported is the UDP one');
    assert.ok(result.ms >= 200 && result.ms < 400, `recorded ${result.ms} ms: TCP shares the one timeout`);
    assert.equal(lab.queryCount() - before, 3);
    assert.ok(!result.ok && result.error.message.startsWith(`dns: TIMEOUT from ${lab.resolver.label} for drop.test (A)`));
  });

  test('UDP filtered, TCP open: the answer comes over TCP within the one timeout, and says UDP timed out', async () => {
    const result = await createQuerier()(lab.resolver, 'udp-filtered.test', 'A', { timeoutMs: 400 });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.answers.map((a) => a.data), ['127.0.0.7']);
    assert.equal(result.tcp, true);
    assert.equal(result.udpError, 'TIMEOUT');
    assert.ok(result.ms >= 200 && result.ms < 400, `answered after ${result.ms} ms: halfway, not after a whole timeout`);
  });

  test('once TCP answered where UDP did not, the same querier asks that resolver over TCP at once', async () => {
    const ask = createQuerier();
    await ask(lab.resolver, 'udp-filtered.test', 'A', { timeoutMs: 400 });
    const before = lab.queryCount();
    const second = await ask(lab.resolver, 'udp-filtered-2.test', 'A', { timeoutMs: 400 });
    assert.ok(second.ok);
    assert.equal(second.tcp, true);
    assert.equal(second.udpError, 'TIMEOUT', 'the hop still says why it went over TCP');
    assert.equal(lab.queryCount() - before, 1, 'one TCP message, no UDP attempt');
    assert.ok(second.ms < 200, `answered in ${second.ms} ms`);
    const fresh = await createQuerier()(lab.resolver, 'ok.test', 'A', { timeoutMs: 400 });
    assert.equal(fresh.tcp, false, 'another run (another querier) starts over UDP');
  });

  test('a resolver whose UDP answered before is not moved to TCP by one lost datagram (load), only by three in a row', async () => {
    const ask = createQuerier();
    assert.equal((await ask(lab.resolver, 'ok.test', 'A', { timeoutMs: 400 })).tcp, false);
    for (let streak = 1; streak <= 3; streak++) {
      const before = lab.queryCount();
      const lost = await ask(lab.resolver, streak % 2 ? 'udp-filtered.test' : 'udp-filtered-2.test', 'A', { timeoutMs: 400 });
      assert.ok(lost.ok && lost.tcp && lost.udpError === 'TIMEOUT', JSON.stringify(lost));
      assert.ok(lab.queryCount() - before >= 2, `timeout ${streak}: UDP was tried first, TCP answered at halfway`);
      assert.ok(lost.ms >= 200, `timeout ${streak} answered after ${lost.ms} ms: the halfway race`);
    }
    const before = lab.queryCount();
    const after = await ask(lab.resolver, 'udp-filtered.test', 'A', { timeoutMs: 400 });
    assert.ok(after.ok && after.tcp && after.udpError === 'TIMEOUT');
    assert.equal(lab.queryCount() - before, 1, 'after three timeouts in a row with no UDP answer between: straight to TCP');
  });

  test('a UDP answer between two lost datagrams starts the count of timeouts in a row again', async () => {
    const ask = createQuerier();
    await ask(lab.resolver, 'ok.test', 'A', { timeoutMs: 400 });
    await ask(lab.resolver, 'udp-filtered.test', 'A', { timeoutMs: 400 });
    await ask(lab.resolver, 'udp-filtered-2.test', 'A', { timeoutMs: 400 });
    assert.equal((await ask(lab.resolver, 'ok.test', 'A', { timeoutMs: 400 })).tcp, false, 'UDP still asked first, and answers');
    const before = lab.queryCount();
    const lost = await ask(lab.resolver, 'udp-filtered.test', 'A', { timeoutMs: 400 });
    assert.ok(lost.ok && lost.tcp);
    assert.ok(lab.queryCount() - before >= 2, 'the streak restarted: UDP is still tried first');
  });

  test('a reply with the wrong ID is ignored and the real answer that follows is used', async () => {
    const result = await query(lab.resolver, 'spoof.test', 'A', { timeoutMs: 1000 });
    assert.ok(result.ok);
    assert.deepEqual(result.answers.map((a) => a.data), ['127.0.0.2']);
    assert.ok(!result.answers.some((a) => a.data === SPOOFED_A));
  });

  test('an undecodable reply behind our ID is MALFORMED at once, not a crash and not a timeout', async () => {
    const result = await query(lab.resolver, 'garbage.test', 'A', { timeoutMs: 1000 });
    assert.equal(result.rcode, 'MALFORMED');
    assert.ok(result.ms < 1000);
  });

  test('a delayed answer still arrives within the timeout and its ms includes the delay', async () => {
    const result = await query(lab.resolver, 'slow.test', 'A', { timeoutMs: 1000 });
    assert.ok(result.ok);
    assert.ok(result.ms >= 60, `recorded ${result.ms} ms`);
  });

  test('many queries pending on one signal add one abort listener to it, and aborting it ends every one of them', async () => {
    const controller = new AbortController();
    const pending = Array.from({ length: 40 }, () => createQuerier()(lab.resolver, 'drop.test', 'A', { timeoutMs: 10_000, signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    controller.abort();
    for (const result of await Promise.all(pending)) assert.ok(!result.ok && result.rcode === 'TIMEOUT' && result.error.code === 'DEADLINE', JSON.stringify(result));
  });

  test('a query that ended stops listening to the signal it was given', async () => {
    const controller = new AbortController();
    const result = await query(lab.resolver, 'ok.test', 'A', { timeoutMs: 1000, signal: controller.signal });
    assert.ok(result.ok);
    controller.abort(); // nothing is left to end: no exception, no late settle
    const after = await query(lab.resolver, 'ok.test', 'A', { timeoutMs: 1000, signal: controller.signal });
    assert.ok(!after.ok && after.error.code === 'DEADLINE', 'an already aborted signal still reads DEADLINE');
  });

  test('aborting ends a pending query at once with TIMEOUT and a deadline code', async () => {
    const controller = new AbortController();
    const pending = query(lab.resolver, 'drop.test', 'A', { timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    assert.equal(result.rcode, 'TIMEOUT');
    assert.ok(!result.ok && result.error.code === 'DEADLINE');
    assert.ok(result.ms < 10_000);
  });

  test('an already aborted signal sends nothing, and the trace reads rcode TIMEOUT, code DEADLINE, with "deadline" in the message', async () => {
    const before = lab.queryCount();
    const trace = await traceDns('ok.test', [lab.resolver], { timeoutMs: 1000, signal: AbortSignal.abort() });
    assert.equal(lab.queryCount(), before);
    assert.equal(trace.error?.rcode, 'TIMEOUT');
    assert.equal(trace.error?.code, 'DEADLINE');
    assert.match(trace.error?.message ?? '', /deadline/);
  });

  test('garbage sent to the lab server does not take it down: a header gets FORMERR, shorter junk is dropped', async () => {
    const socket = createSocket('udp4');
    after(() => socket.close());
    const replies: Buffer[] = [];
    socket.on('message', (m) => replies.push(m));
    await new Promise<void>((resolve) => socket.connect(lab.port, lab.host, resolve));
    socket.send(Buffer.from([1, 2, 3]));
    socket.send(Buffer.from([0xab, 0xcd, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0xff]));
    const result = await query(lab.resolver, 'ok.test', 'A', { timeoutMs: 1000 });
    assert.ok(result.ok);
    assert.equal(replies.length, 1);
    const formerr = dnsPacket.decode(replies[0] as Buffer) as dnsPacket.DecodedPacket & { rcode: string };
    assert.deepEqual([formerr.id, formerr.rcode], [0xabcd, 'FORMERR']);
  });

  test('a UDP query to a port nobody listens on fails fast as NETWORK ECONNREFUSED', async () => {
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(resolve));
    const result = await query({ host: '127.0.0.1', port, label: `127.0.0.1:${port}` }, 'ok.test', 'A', { timeoutMs: 2000 });
    assert.equal(result.rcode, 'NETWORK');
    assert.ok(!result.ok && result.error.code === 'ECONNREFUSED');
  });
});

describe('TCP framing against a hand-written server', () => {
  let server: Server;
  let resolver: ResolverAddress;
  let behaviour: (frame: Buffer, write: (b: Buffer) => void, end: () => void) => void = () => {};
  before(async () => {
    server = createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', (data) => behaviour(data.subarray(2), (b) => socket.write(b), () => socket.end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    resolver = { host: '127.0.0.1', port, label: `127.0.0.1:${port}` };
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const answerTo = (frame: Buffer, id?: number): Buffer => {
    const q = dnsPacket.decode(frame);
    return dnsPacket.encode({ type: 'response', id: id ?? q.id, questions: q.questions, answers: [{ name: 'tcp.test', type: 'A', ttl: 5, data: '127.0.0.8' }] });
  };
  const exchange = (timeoutMs = 1000) => tcpExchange(resolver, buildQuery(77, 'tcp.test', 'A'), { id: 77, name: 'tcp.test', type: 'A' }, { deadline: performance.now() + timeoutMs });

  test('a reply dribbled one byte at a time, after a reply to someone else, is reassembled and accepted', async () => {
    behaviour = (frame, write) => {
      const bytes = Buffer.concat([frameTcp(answerTo(frame, 78)), frameTcp(answerTo(frame))]);
      let i = 0;
      const dribble = (): void => {
        if (i < bytes.length) write(bytes.subarray(i, ++i));
        if (i < bytes.length) setImmediate(dribble);
      };
      dribble();
    };
    const result = await exchange();
    assert.equal(result.kind, 'reply');
    assert.ok(result.kind === 'reply' && result.reply.answers[0]?.data === '127.0.0.8');
  });

  test('a connection closed before any reply reads NETWORK', async () => {
    behaviour = (_frame, _write, end) => end();
    const result = await exchange();
    assert.ok(result.kind === 'error' && result.rcode === 'NETWORK');
  });

  test('an endless stream of replies to someone else is cut off as MALFORMED by the size cap', async () => {
    behaviour = (frame, write) => {
      const other = frameTcp(answerTo(frame, 1));
      write(Buffer.concat(Array.from({ length: Math.ceil((5 * 65537) / other.length) }, () => other)));
    };
    const result = await exchange(5000);
    assert.ok(result.kind === 'error' && result.rcode === 'MALFORMED');
  });

  test('undecodable bytes on the stream are MALFORMED at once', async () => {
    behaviour = (_frame, write) => write(frameTcp(Buffer.from([0, 77, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0xff])));
    const result = await exchange();
    assert.ok(result.kind === 'error' && result.rcode === 'MALFORMED');
  });
});

describe('an IPv6 lab resolver', () => {
  let lab: LabDnsServer | null = null;
  before(async () => {
    lab = await startDnsServer(zone, { host: '::1' }).catch(() => null);
  });
  after(() => lab?.close());

  test('answers over [::1] with a bracketed label', async (t) => {
    if (!lab) return t.skip('no IPv6 loopback here');
    assert.equal(lab.resolver.label, `[::1]:${lab.port}`);
    const result = await query(lab.resolver, 'ok.test', 'A', { timeoutMs: 1000 });
    assert.ok(result.ok && result.answers[0]?.data === '127.0.0.5');
  });
});
