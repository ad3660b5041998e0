// probeEdge against real lab edges on loopback: every edge behaviour yields its coded result in the
// step where it happened — healthy, error pages, refusals, hangs, bad certificates, hostile HTTP.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { createLabCa, type LabCa } from '../../src/lab/certs.ts';
import { startEdges, WRONG_NAME, type EdgeSpec, type LabEdges } from '../../src/lab/edges.ts';
import { hostHeaderFor, probeEdge, type ProbeOptions } from '../../src/probe/edge.ts';
import { createLimiter } from '../../src/probe/limit.ts';
import { probeAddresses } from '../../src/probe/probe-all.ts';
import type { EdgeProbe } from '../../src/types.ts';

const HOST = 'www.lab-site.test';
const TIMEOUT = 400;
const DELAY = 150;
const ERROR_PAGE = '<html><title>Error 522</title><body>Connection timed out · Cloudflare Ray ID</body></html>';

/** One edge per behaviour, all in 127.61.0.0/16. */
const EDGES = {
  healthy: { address: '127.61.0.1', behaviour: { kind: 'respond', status: 200, headers: { server: 'lab', 'set-cookie': ['a=1', 'b=2'], 'x-cache': 'HIT' }, body: '<!doctype html><title>ok</title>' } },
  edgeError: { address: '127.61.0.2', behaviour: { kind: 'respond', status: 522, headers: { server: 'cloudflare', 'content-type': 'text/html' }, body: ERROR_PAGE } },
  refuse: { address: '127.61.0.3', behaviour: { kind: 'refuse' } },
  hangTcp: { address: '127.61.0.4', behaviour: { kind: 'hang-tcp' } },
  hangTls: { address: '127.61.0.5', behaviour: { kind: 'hang-tls' } },
  slow: { address: '127.61.0.6', behaviour: { kind: 'respond', status: 200, body: 'late', firstByteDelayMs: DELAY } },
  wrongName: { address: '127.61.0.7', cert: 'wrong-name', behaviour: { kind: 'respond', status: 200, body: 'served anyway' } },
  expired: { address: '127.61.0.8', cert: 'expired', behaviour: { kind: 'respond', status: 200 } },
  selfSigned: { address: '127.61.0.9', cert: 'self-signed', behaviour: { kind: 'respond', status: 200 } },
  garbage: { address: '127.61.0.10', behaviour: { kind: 'garbage' } },
  hugeHeaders: { address: '127.61.0.11', behaviour: { kind: 'huge-headers' } },
  endless: { address: '127.61.0.12', behaviour: { kind: 'endless-body' } },
  gzip: { address: '127.61.0.13', behaviour: { kind: 'respond', status: 200, body: 'x'.repeat(2_000_000), encoding: 'gzip' } },
  endlessBr: { address: '127.61.0.14', behaviour: { kind: 'endless-body', encoding: 'br' } },
  redirect: { address: '127.61.0.15', behaviour: { kind: 'respond', status: 301, headers: { location: 'https://elsewhere.test/' } } },
  plain: { address: '127.61.0.16', tls: false, behaviour: { kind: 'respond', status: 200, body: 'plain' } },
  reset: { address: '127.61.0.17', behaviour: { kind: 'reset' } },
  flapping: { address: '127.61.0.18', behaviour: { kind: 'sequence', steps: [{ kind: 'respond', status: 500 }, { kind: 'respond', status: 200 }] } },
  shared: {
    address: '127.61.0.19',
    behaviour: { kind: 'respond', status: 200, body: 'default site' },
    hosts: { 'broken.lab-site.test': { kind: 'respond', status: 503, body: 'only this site is down' } },
  },
} satisfies Record<string, EdgeSpec>;

// Every behaviour twice: over HTTP/2 (offered first in ALPN, chosen by the lab's edges) and with --http1.1. Edges
// whose fault is an HTTP/1.1 wire format (garbage, huge headers) answer in HTTP/1.1 either way (lab/edges.ts).
for (const protocol of ['h2', 'http/1.1'] as const) describe(`probeEdge against lab edges (${protocol})`, () => {
  let ca: LabCa;
  let lab: LabEdges;
  let base: ProbeOptions;
  const probe = (edge: EdgeSpec, extra: Partial<ProbeOptions> = {}): Promise<EdgeProbe> => probeEdge(edge.address, { ...base, ...extra });

  before(async () => {
    ca = createLabCa();
    lab = await startEdges(Object.values(EDGES), { ca });
    base = { host: HOST, path: '/', scheme: 'https', port: lab.port, timeoutMs: TIMEOUT, ca: [...rootCertificates, ca.caPem], insecure: false, userAgent: 'cdn-check/9.9.9', http1Only: protocol === 'http/1.1' };
  });
  after(() => lab.close());

  it('reports a healthy edge with every step timed, in order, and verified against the lab CA', async () => {
    const p = await probe(EDGES.healthy);
    assert.equal(p.address, EDGES.healthy.address);
    assert.equal(p.family, 4);
    assert.equal(p.port, lab.port);
    assert.deepEqual(p.tcp.error, null);
    assert.ok(p.tls && p.http);
    for (const ms of [p.tcp.ms, p.tls.ms, p.http.ms, p.http.firstByteMs]) assert.ok(typeof ms === 'number' && ms >= 0, String(ms));
    assert.ok((p.http.firstByteMs ?? Infinity) <= (p.http.ms ?? 0));
    const steps = (p.tcp.ms ?? 0) + (p.tls.ms ?? 0) + (p.http.ms ?? 0);
    assert.ok(Math.abs(steps - p.totalMs) < 0.05, `${steps} vs ${p.totalMs}`);
  });

  it('reports the TLS facts of a healthy edge', async () => {
    const { tls } = await probe(EDGES.healthy);
    assert.ok(tls);
    assert.equal(tls.ok, true);
    assert.equal(tls.verified, true);
    assert.equal(tls.verifyError, null);
    assert.match(tls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.equal(tls.alpn, protocol);
    assert.ok(tls.cipher);
    assert.equal(tls.subject, HOST);
    assert.deepEqual(tls.subjectAltNames, [HOST]);
    assert.equal(tls.issuer, 'cdn-check lab CA');
    assert.ok(Date.parse(tls.validFrom ?? '') < Date.now() && Date.now() < Date.parse(tls.validTo ?? ''));
  });

  it('reports status, reason, lower-case headers with a repeated one as an array, the body and the protocol', async () => {
    const { http } = await probe(EDGES.healthy);
    assert.ok(http);
    assert.equal(http.ok, true);
    assert.equal(http.status, 200);
    assert.equal(http.protocol, protocol);
    // HTTP/2 has no reason phrase (RFC 9113 §8.3.2): none is made up.
    assert.equal(http.reason, protocol === 'h2' ? null : 'OK');
    assert.deepEqual(http.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(http.headers['x-cache'], 'HIT');
    assert.equal(http.body, '<!doctype html><title>ok</title>');
    assert.equal(http.bodyTruncated, false);
    assert.equal(http.location, null);
  });

  it('fails verification when the lab CA is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE at tls)', async () => {
    const p = await probe(EDGES.healthy, { ca: [...rootCertificates] });
    assert.equal(p.tls?.ok, false);
    assert.equal(p.tls?.error?.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal(p.http, null);
  });

  it('keeps an edge error page as an answered HTTP step with its status and body', async () => {
    const { http } = await probe(EDGES.edgeError);
    assert.equal(http?.ok, true);
    assert.equal(http?.status, 522);
    assert.equal(http?.body, ERROR_PAGE);
  });

  it('stops at tcp with ECONNREFUSED when nothing listens', async () => {
    const p = await probe(EDGES.refuse);
    assert.equal(p.tcp.ok, false);
    assert.equal(p.tcp.error?.code, 'ECONNREFUSED');
    assert.match(p.tcp.error?.message ?? '', /^tcp 127\.61\.0\.3:\d+: /);
    assert.equal(p.tls, null);
    assert.equal(p.http, null);
  });

  it('stops at tls with TLS_TIMEOUT when TCP is accepted but TLS never answers', async () => {
    const p = await probe(EDGES.hangTcp);
    assert.equal(p.tcp.ok, true);
    assert.equal(p.tls?.ok, false);
    assert.equal(p.tls?.error?.code, 'TLS_TIMEOUT');
    assert.ok((p.tls?.ms ?? 0) >= TIMEOUT * 0.99);
    assert.equal(p.http, null);
  });

  it('stops at http with HTTP_TIMEOUT when TLS completes but HTTP never answers', async () => {
    const p = await probe(EDGES.hangTls);
    assert.equal(p.tls?.ok, true);
    assert.equal(p.http?.ok, false);
    assert.equal(p.http?.error?.code, 'HTTP_TIMEOUT');
    assert.equal(p.http?.status, null);
    assert.ok((p.http?.ms ?? 0) >= TIMEOUT * 0.99);
  });

  it('measures a slow first byte as server processing time', async () => {
    const { http } = await probe(EDGES.slow);
    assert.equal(http?.ok, true);
    assert.ok((http?.firstByteMs ?? 0) >= DELAY * 0.99, String(http?.firstByteMs));
  });

  it('stops at tls with ERR_TLS_CERT_ALTNAME_INVALID for a certificate naming another host', async () => {
    const p = await probe(EDGES.wrongName);
    assert.equal(p.tls?.ok, false);
    assert.equal(p.tls?.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.equal(p.tls?.verified, false);
    assert.equal(p.tls?.subject, WRONG_NAME);
    assert.equal(p.http, null);
  });

  it('with insecure, reports the wrong name and still continues to HTTP', async () => {
    const p = await probe(EDGES.wrongName, { insecure: true });
    assert.equal(p.tls?.ok, true);
    assert.equal(p.tls?.error, null);
    assert.equal(p.tls?.verified, false);
    assert.equal(p.tls?.verifyError?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'served anyway');
  });

  it('stops at tls with CERT_HAS_EXPIRED for an expired certificate', async () => {
    const p = await probe(EDGES.expired);
    assert.equal(p.tls?.error?.code, 'CERT_HAS_EXPIRED');
    assert.ok(Date.parse(p.tls?.validTo ?? '') < Date.now());
    assert.equal(p.http, null);
  });

  it('stops at tls with DEPTH_ZERO_SELF_SIGNED_CERT for a self-signed certificate', async () => {
    const p = await probe(EDGES.selfSigned);
    assert.equal(p.tls?.error?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(p.tls?.issuer, HOST);
    assert.equal(p.http, null);
  });

  it('reports HTTP_PARSE_ERROR at http when the edge answers bytes that are not HTTP', async () => {
    const p = await probe(EDGES.garbage);
    assert.equal(p.tls?.ok, true);
    assert.equal(p.http?.error?.code, 'HTTP_PARSE_ERROR');
  });

  it('reports HEADERS_OVERFLOW at http for oversized response headers', async () => {
    const p = await probe(EDGES.hugeHeaders);
    assert.equal(p.http?.error?.code, 'HEADERS_OVERFLOW');
    assert.deepEqual(p.http?.headers, {});
  });

  it('keeps 16 KiB of an endless body, marks it truncated and finishes long before the timeout', async () => {
    const p = await probe(EDGES.endless, { timeoutMs: 5_000 });
    assert.equal(p.http?.ok, true);
    assert.equal(p.http?.body.length, 16 * 1024);
    assert.equal(p.http?.bodyTruncated, true);
    assert.ok(p.totalMs < 5_000);
  });

  it('decodes a gzip body only up to the cap', async () => {
    const { http } = await probe(EDGES.gzip);
    assert.equal(http?.headers['content-encoding'], 'gzip');
    assert.equal(http?.body, 'x'.repeat(16 * 1024));
    assert.equal(http?.bodyTruncated, true);
  });

  it('decodes an endless brotli stream only up to the cap', async () => {
    const { http } = await probe(EDGES.endlessBr, { timeoutMs: 5_000 });
    assert.equal(http?.ok, true);
    assert.equal(http?.body.length, 16 * 1024);
    assert.match(http?.body ?? '', /^endless body line/);
    assert.equal(http?.bodyTruncated, true);
  });

  it('honours a smaller body limit', async () => {
    const { http } = await probe(EDGES.healthy, { bodyLimit: 5 });
    assert.equal(http?.body, '<!doc');
    assert.equal(http?.bodyTruncated, true);
  });

  it('reports a redirect with its location and does not follow it', async () => {
    const before = lab.requestCount();
    const { http } = await probe(EDGES.redirect);
    assert.equal(http?.status, 301);
    assert.equal(http?.location, 'https://elsewhere.test/');
    assert.equal(lab.requestCount() - before, 1);
  });

  it('skips TLS for a plain http edge', async () => {
    const p = await probe(EDGES.plain, { scheme: 'http' });
    assert.equal(p.tls, null);
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'plain');
  });

  it('reports ECONNRESET at http when the edge resets the connection after the request', async () => {
    const p = await probe(EDGES.reset);
    assert.equal(p.tls?.ok, true);
    assert.equal(p.http?.error?.code, 'ECONNRESET');
  });

  it('sees a flapping edge answer differently on successive probes', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await probe(EDGES.flapping)).http?.status);
    assert.deepEqual(statuses, [500, 200, 500, 200]);
  });

  it("asks for the target's own site on an edge that serves many", async () => {
    const broken = await probe(EDGES.shared, { host: 'broken.lab-site.test' });
    const other = await probe(EDGES.shared);
    assert.equal(broken.http?.status, 503);
    assert.equal(broken.tls?.subject, 'broken.lab-site.test');
    assert.equal(other.http?.status, 200);
  });

  it('sends no SNI for an IP-literal host and verifies the certificate against the address', async () => {
    const p = await probe(EDGES.healthy, { host: EDGES.healthy.address });
    assert.equal(p.tls?.verified, true);
    assert.deepEqual(p.tls?.subjectAltNames, [EDGES.healthy.address]);
    assert.equal(p.http?.status, 200);
  });

  it('rejects the edge certificate for an IP-literal host it does not name', async () => {
    const p = await probe(EDGES.wrongName, { host: EDGES.wrongName.address });
    assert.equal(p.tls?.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('reports TLS_HANDSHAKE_FAILED at tls when the edge speaks plain HTTP on the HTTPS port', async () => {
    const p = await probe(EDGES.plain);
    assert.equal(p.tcp.ok, true);
    assert.equal(p.tls?.ok, false);
    assert.equal(p.tls?.error?.code, 'TLS_HANDSHAKE_FAILED');
    assert.equal(p.http, null);
  });

  it('refuses to probe something that is not an IP literal, without any lookup', async () => {
    const p = await probeEdge('localhost', base);
    assert.equal(p.tcp.error?.code, 'INVALID_ADDRESS');
    assert.equal(p.tcp.ms, null);
  });

  it('times every phase as httpstat does, each cumulative time the sum of the phases before it', async () => {
    const p = await probe(EDGES.slow, { namelookupMs: 12.5 });
    const t = p.timings;
    assert.ok(t && p.http && p.tls);
    assert.equal(t.dnsLookup, 12.5);
    assert.equal(t.namelookup, 12.5);
    assert.equal(t.tcpConnection, p.tcp.ms);
    assert.equal(t.tlsHandshake, p.tls.ms);
    assert.ok((t.serverProcessing ?? 0) >= DELAY * 0.9, `server processing ${t.serverProcessing}`);
    const near = (a: number | null, b: number): void => assert.ok(a !== null && Math.abs(a - b) < 0.05, `${a} vs ${b}`);
    near(t.connect, t.namelookup + (t.tcpConnection ?? NaN));
    near(t.pretransfer, (t.connect ?? NaN) + (t.tlsHandshake ?? NaN));
    near(t.starttransfer, (t.pretransfer ?? NaN) + (t.serverProcessing ?? NaN));
    near(t.total, (t.starttransfer ?? NaN) + (t.contentTransfer ?? NaN));
    near(t.total, 12.5 + p.totalMs);
  });

  it('leaves the phases a failed probe never reached null, and the total when it ended', async () => {
    const t = (await probe(EDGES.hangTls)).timings;
    assert.ok(t);
    assert.ok(t.tlsHandshake !== null && t.pretransfer !== null);
    assert.equal(t.serverProcessing, null);
    assert.equal(t.starttransfer, null);
    assert.equal(t.contentTransfer, null);
    assert.ok(t.total >= TIMEOUT * 0.9);
  });
});

describe('the request a probe sends', () => {
  let seen: { url: string | undefined; headers: IncomingHttpHeaders; local: string | undefined }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers, local: req.socket.localAddress });
    if (req.url === '/trickle') {
      // Headers at once, then one byte and silence: a body that stalls below the cap.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('x');
      return;
    }
    res.end('ok');
  });
  let port = 0;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.61.9.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (extra: Partial<ProbeOptions> = {}): Promise<EdgeProbe> => {
    seen = [];
    return probeEdge('127.61.9.1', { host: HOST, path: '/health?x=1', scheme: 'http', port, timeoutMs: TIMEOUT, insecure: false, userAgent: 'cdn-check/1.2.3', ...extra });
  };

  it("carries the target's Host, path, User-Agent and a browser's Accept-Encoding, to the pinned address", async () => {
    await send();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.url, '/health?x=1');
    assert.equal(seen[0]?.headers.host, `${HOST}:${port}`);
    assert.equal(seen[0]?.headers['user-agent'], 'cdn-check/1.2.3');
    assert.equal(seen[0]?.headers['accept-encoding'], 'gzip, deflate, br');
    assert.equal(seen[0]?.local, '127.61.9.1');
  });

  it('uses an explicit Host header when given one', async () => {
    await send({ hostHeader: HOST });
    assert.equal(seen[0]?.headers.host, HOST);
  });

  it('reports BODY_TIMEOUT at http, keeping the status, when the body stalls', async () => {
    const p = await send({ path: '/trickle' });
    assert.equal(p.http?.ok, false);
    assert.equal(p.http?.error?.code, 'BODY_TIMEOUT');
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'x');
  });

  it('probes an IPv6 edge with a bracketed Host', async (t) => {
    const v6 = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers, local: req.socket.localAddress });
      res.end('v6');
    });
    const bound = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!bound) return t.skip('no IPv6 loopback here');
    t.after(() => new Promise<void>((resolve) => v6.close(() => resolve())));
    seen = [];
    const v6port = (v6.address() as AddressInfo).port;
    const p = await probeEdge('::1', { host: '::1', path: '/', scheme: 'http', port: v6port, timeoutMs: TIMEOUT, insecure: false });
    assert.equal(p.family, 6);
    assert.equal(p.http?.body, 'v6');
    assert.equal(seen[0]?.headers.host, `[::1]:${v6port}`);
  });
});

describe('hostHeaderFor', () => {
  it('omits default ports and brackets IPv6 literals', () => {
    assert.equal(hostHeaderFor('a.test', 443, 'https'), 'a.test');
    assert.equal(hostHeaderFor('a.test', 80, 'http'), 'a.test');
    assert.equal(hostHeaderFor('a.test', 8443, 'https'), 'a.test:8443');
    assert.equal(hostHeaderFor('a.test', 443, 'http'), 'a.test:443');
    assert.equal(hostHeaderFor('::1', 443, 'https'), '[::1]');
  });
});

describe('probeAddresses', () => {
  let lab: LabEdges;
  const addresses = Array.from({ length: 6 }, (_, i) => `127.62.0.${i + 1}`);

  before(async () => {
    lab = await startEdges(
      addresses.map((address) => ({ address, tls: false, behaviour: { kind: 'respond', status: 204 } })),
      { ca: createLabCa() },
    );
  });
  after(() => lab.close());

  it('probes at most four addresses per family and returns the rest as skipped', async () => {
    const before = lab.requestCount();
    const { probes, skipped } = await probeAddresses(addresses, { host: HOST, path: '/', scheme: 'http', port: lab.port, timeoutMs: TIMEOUT, insecure: false, limit: createLimiter(2) });
    assert.deepEqual(
      probes.map((p) => p.address),
      addresses.slice(0, 4),
    );
    assert.ok(probes.every((p) => p.http?.status === 204));
    assert.deepEqual(skipped, addresses.slice(4));
    assert.equal(lab.requestCount() - before, 4);
  });
});

describe('ALPN between the probe and the lab', () => {
  let ca: LabCa;
  let lab: LabEdges;
  const h1Edge: EdgeSpec = { address: '127.61.2.1', http2: false, behaviour: { kind: 'respond', status: 200, body: 'old edge' } };
  const rawEdge: EdgeSpec = { address: '127.61.2.2', behaviour: { kind: 'raw', response: 'HTTP/1.1 200 Fine\r\ncontent-length: 2\r\n\r\nok' } };
  before(async () => {
    ca = createLabCa();
    lab = await startEdges([h1Edge, rawEdge], { ca });
  });
  after(() => lab.close());
  const probe = (edge: EdgeSpec) => probeEdge(edge.address, { host: HOST, path: '/', scheme: 'https', port: lab.port, timeoutMs: TIMEOUT, ca: [ca.caPem], insecure: false });

  it('falls back to HTTP/1.1 when the edge does not choose h2, and says so', async () => {
    const p = await probe(h1Edge);
    assert.equal(p.tls?.alpn, 'http/1.1');
    assert.equal(p.http?.protocol, 'http/1.1');
    assert.equal(p.http?.body, 'old edge');
  });

  it('gets an HTTP/1.1 wire fault over HTTP/1.1 even when offering h2 (the lab keeps the fault as staged)', async () => {
    const p = await probe(rawEdge);
    assert.equal(p.http?.protocol, 'http/1.1');
    assert.equal(p.http?.reason, 'Fine');
  });
});
