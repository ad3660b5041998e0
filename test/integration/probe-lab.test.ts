// The lab's edges and CA themselves (the harness every probe test stands on): one port for all
// edges, certificates as ordered, per-host faults, latency, and a close that leaves nothing behind.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLabCa, type LabCa } from '../../src/lab/certs.ts';
import { startEdges, type LabEdges } from '../../src/lab/edges.ts';
import { probeEdge, type ProbeOptions } from '../../src/probe/edge.ts';

const open = (address: string, port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: address, port }, () => resolve(socket));
    socket.once('error', reject);
  });

describe('the lab CA', () => {
  let ca: LabCa;
  before(() => {
    ca = createLabCa();
  });

  it('issues leaves signed by the CA for DNS names and IP addresses', () => {
    const root = new X509Certificate(ca.caPem);
    const leaf = new X509Certificate(ca.issue(['a.lab.test', '127.64.0.1']).cert);
    assert.equal(leaf.verify(root.publicKey), true);
    assert.equal(leaf.checkIssued(root), true);
    assert.equal(leaf.subjectAltName, 'DNS:a.lab.test, IP Address:127.64.0.1');
    assert.equal(root.ca, true);
    assert.equal(leaf.ca, false);
  });

  it('issues expired leaves whose validity lies entirely in the past', () => {
    const leaf = new X509Certificate(ca.issue(['old.lab.test'], { expired: true }).cert);
    assert.ok(Date.parse(leaf.validTo) < Date.now());
    assert.ok(Date.parse(leaf.validFrom) < Date.parse(leaf.validTo));
  });

  it('issues self-signed leaves that the CA did not sign', () => {
    const leaf = new X509Certificate(ca.issue(['self.lab.test'], { selfSigned: true }).cert);
    assert.equal(leaf.issuer, leaf.subject);
    assert.equal(leaf.verify(new X509Certificate(ca.caPem).publicKey), false);
  });

  it('returns the same certificate when asked twice for the same names', () => {
    assert.equal(ca.issue(['same.lab.test']).cert, ca.issue(['same.lab.test']).cert);
    assert.notEqual(ca.issue(['same.lab.test']).cert, ca.issue(['same.lab.test'], { expired: true }).cert);
  });
});

describe('lab edges', () => {
  let ca: LabCa;
  let lab: LabEdges;
  const LATENCY = 60;
  let base: ProbeOptions;

  before(async () => {
    ca = createLabCa();
    lab = await startEdges(
      [
        { address: '127.64.0.1', behaviour: { kind: 'respond', status: 200 }, hosts: { 'stuck.lab.test': { kind: 'hang-tcp' }, 'refused.lab.test': { kind: 'refuse' } } },
        { address: '127.64.0.2', tls: false, behaviour: { kind: 'respond', status: 204 } },
        { address: '127.64.0.3', behaviour: { kind: 'refuse' } },
        { address: '127.64.0.4', behaviour: { kind: 'hang-tcp' } },
      ],
      { ca, latencyMs: LATENCY },
    );
    base = { host: 'site.lab.test', path: '/', scheme: 'https', port: lab.port, timeoutMs: 300, ca: [ca.caPem], insecure: false };
  });
  after(() => lab.close());

  it('listen on one shared port, each on its own address, with nothing on a refusing one', async () => {
    for (const address of ['127.64.0.1', '127.64.0.2']) (await open(address, lab.port)).destroy();
    await assert.rejects(open('127.64.0.3', lab.port), { code: 'ECONNREFUSED' });
  });

  it('delay every response by the configured latency', async () => {
    const p = await probeEdge('127.64.0.1', base);
    assert.equal(p.http?.status, 200);
    assert.ok((p.http?.firstByteMs ?? 0) >= LATENCY * 0.99);
  });

  it('can stall the handshake for one site only (a per-host hang at SNI)', async () => {
    const stuck = await probeEdge('127.64.0.1', { ...base, host: 'stuck.lab.test' });
    const fine = await probeEdge('127.64.0.1', base);
    assert.equal(stuck.tls?.error?.code, 'TLS_TIMEOUT');
    assert.equal(fine.tls?.ok, true);
  });

  it('can drop the connection during the handshake for one site only (a per-host refusal at SNI)', async () => {
    const refused = await probeEdge('127.64.0.1', { ...base, host: 'refused.lab.test' });
    assert.equal(refused.tcp.ok, true);
    assert.equal(refused.tls?.error?.code, 'ECONNRESET');
    assert.equal(refused.http, null);
  });

  it('count the requests they receive', async () => {
    const before = lab.requestCount();
    await probeEdge('127.64.0.2', { ...base, scheme: 'http' });
    assert.equal(lab.requestCount(), before + 1);
  });

  it('refuse a spec with a duplicate or non-loopback address', async () => {
    const behaviour = { kind: 'respond', status: 200 } as const;
    await assert.rejects(startEdges([{ address: '127.64.9.1', behaviour }, { address: '127.64.9.1', behaviour }], { ca }), /appears twice/);
    await assert.rejects(startEdges([{ address: '10.0.0.1', behaviour }], { ca }), /neither a 127\.x\.y\.z address nor a lab ULA/);
    await assert.rejects(startEdges([{ address: '127.64.9.1', behaviour: { kind: 'sequence', steps: [] } }], { ca }), /at least one step/);
  });

  it('fail with EADDRINUSE when told to use a port that is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.64.8.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      await assert.rejects(startEdges([{ address: '127.64.8.1', behaviour: { kind: 'hang-tls' } }], { ca, port }), { code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('close every connection when closed, hung ones included', async () => {
    const own = await startEdges([{ address: '127.64.7.1', behaviour: { kind: 'hang-tcp' } }], { ca });
    const clients = await Promise.all([1, 2, 3].map(() => open('127.64.7.1', own.port)));
    const closed = clients.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(own.openConnections(), 3);
    await own.close();
    await Promise.all(closed);
    assert.equal(own.openConnections(), 0);
  });
});
