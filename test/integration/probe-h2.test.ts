// The HTTP/2 step (node:http2 over the probe's own TLS socket) against loopback h2 edges that misbehave the ways real
// ones do: a GOAWAY or RST_STREAM mid-response, oversized headers, a body or headers that never come, an interim 1xx,
// bytes that are not HTTP/2. Each ends as a coded value within the step's bounds, with the session and socket closed.
// The lab's own edges cover the healthy paths (probe-edge.test.ts); these servers stage what the lab cannot.
import assert from 'node:assert/strict';
import { constants, createSecureServer, type Http2SecureServer, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { createLabCa, type LabCa } from '../../src/lab/certs.ts';
import { probeEdge, type ProbeOptions } from '../../src/probe/edge.ts';
import type { EdgeProbe } from '../../src/types.ts';

const HOST = 'h2.lab-site.test';
const ADDRESS = '127.61.3.1';
const RAW_ADDRESS = '127.61.3.2';
const TIMEOUT = 400;
const EARLY_HINTS_DELAY = 120;

/** What each path of the node:http2 edge does with its one request. */
const ROUTES: Record<string, (stream: ServerHttp2Stream) => void> = {
  '/ok': (stream) => {
    stream.respond({ ':status': 200, 'set-cookie': 'a=1', 'x-cache': 'HIT' });
    stream.end('fine');
  },
  '/goaway': (stream) => {
    stream.respond({ ':status': 200 });
    stream.write('part');
    const session = stream.session;
    setTimeout(() => {
      session?.goaway(constants.NGHTTP2_PROTOCOL_ERROR);
      setTimeout(() => session?.destroy(), 20);
    }, 50);
  },
  '/refused': (stream) => stream.close(constants.NGHTTP2_REFUSED_STREAM),
  // 100 headers of 1000 bytes: ~100 KiB as HTTP/2 counts them, over the 64 KiB limit.
  '/huge-headers': (stream) => stream.respond({ ':status': 200, ...fillers(100, 1000) }),
  // 50 of them (~51 KiB) stay under it.
  '/big-headers': (stream) => {
    stream.respond({ ':status': 200, ...fillers(50, 1000) });
    stream.end('big but fine');
  },
  '/stall-body': (stream) => {
    stream.respond({ ':status': 200 });
    stream.write('x');
  },
  '/no-headers': () => {},
  '/early-hints': (stream) => {
    stream.additionalHeaders({ ':status': 103, link: '</style.css>; rel=preload' });
    setTimeout(() => {
      stream.respond({ ':status': 200 });
      stream.end('after the hints');
    }, EARLY_HINTS_DELAY);
  },
};

function fillers(count: number, size: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`x-filler-${i}`, 'v'.repeat(size)]));
}

/** An HTTP/2 frame (RFC 9113 §4.1). */
function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}
const SETTINGS = frame(0x4, 0, 0, Buffer.alloc(0));
const SETTINGS_ACK = frame(0x4, 0x1, 0, Buffer.alloc(0));
/** HEADERS, END_HEADERS, for stream 1: ":status: 200" as HPACK's static-table entry 8. */
const STATUS_200 = frame(0x1, 0x4, 1, Buffer.from([0x88]));
const rstStream = (code: number): Buffer => {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(code);
  return frame(0x3, 0, 1, payload);
};

/** What the hand-written h2 edge sends once the client's preface arrived, by SNI: frames node:http2's server will not. */
const RAW: Record<string, Buffer> = {
  // Headers and part of a body, then the stream is reset (CANCEL) with no END_STREAM.
  'rst.lab-site.test': Buffer.concat([SETTINGS, SETTINGS_ACK, STATUS_200, frame(0x0, 0, 1, Buffer.from('part')), rstStream(constants.NGHTTP2_CANCEL)]),
  // An HTTP/1.1 answer on a connection that agreed to h2.
  'h1.lab-site.test': Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'),
};

describe('probeEdge over HTTP/2 (node:http2) against misbehaving h2 edges', () => {
  let ca: LabCa;
  let server: Http2SecureServer;
  let raw: TlsServer;
  let port = 0;
  let rawPort = 0;
  let seen: IncomingHttpHeaders[] = [];
  let sessionsOpen = 0;

  before(async () => {
    ca = createLabCa();
    server = createSecureServer({ ...ca.issue([HOST]), allowHTTP1: false, maxSendHeaderBlockLength: 1 << 20 });
    server.on('session', (session) => {
      sessionsOpen++;
      session.on('error', () => {});
      session.once('close', () => sessionsOpen--);
    });
    server.on('stream', (stream, headers) => {
      seen.push(headers);
      stream.on('error', () => {});
      (ROUTES[String(headers[':path'])] ?? ROUTES['/ok']!)(stream);
    });
    await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
    port = (server.address() as AddressInfo).port;

    raw = createTlsServer({ ...ca.issue(Object.keys(RAW)), ALPNProtocols: ['h2'] }, (socket: TLSSocket) => {
      socket.on('error', () => {});
      const reply = RAW[String(socket.servername)];
      socket.once('data', () => socket.write(reply ?? SETTINGS));
    });
    await new Promise<void>((resolve) => raw.listen(0, RAW_ADDRESS, resolve));
    rawPort = (raw.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => raw.close(resolve));
  });

  const options = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({ host: HOST, path: '/ok', scheme: 'https', port, timeoutMs: TIMEOUT, ca: [ca.caPem], insecure: false, userAgent: 'cdn-check/h2-test', ...extra });
  const probe = (path: string, extra: Partial<ProbeOptions> = {}): Promise<EdgeProbe> => probeEdge(ADDRESS, options({ path, ...extra }));
  const probeRaw = (host: string): Promise<EdgeProbe> => probeEdge(RAW_ADDRESS, options({ host, port: rawPort }));

  it('sends the GET with :authority, the path, User-Agent, Accept and Accept-Encoding, and reports a healthy answer', async () => {
    seen = [];
    const p = await probe('/ok?x=1');
    assert.equal(p.tls?.alpn, 'h2');
    assert.equal(p.http?.ok, true, JSON.stringify(p.http?.error));
    assert.equal(p.http?.protocol, 'h2');
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.reason, null);
    assert.equal(p.http?.body, 'fine');
    // No pseudo-headers; a header sent once is one string, as over HTTP/1.1.
    assert.equal(p.http?.headers['set-cookie'], 'a=1');
    assert.equal(p.http?.headers['x-cache'], 'HIT');
    assert.ok(Object.keys(p.http?.headers ?? {}).every((name) => !name.startsWith(':')));
    assert.ok((p.http?.firstByteMs ?? -1) >= 0);
    const [request] = seen;
    assert.equal(request?.[':method'], 'GET');
    assert.equal(request?.[':authority'], `${HOST}:${port}`);
    assert.equal(request?.[':path'], '/ok?x=1');
    assert.equal(request?.['user-agent'], 'cdn-check/h2-test');
    assert.equal(request?.accept, '*/*');
    assert.equal(request?.['accept-encoding'], 'gzip, deflate, br');
  });

  it('reports a GOAWAY mid-response by its error code (PROTOCOL_ERROR: HTTP_PARSE_ERROR), keeping the status and the body so far', async () => {
    const p = await probe('/goaway');
    assert.equal(p.http?.ok, false);
    assert.equal(p.http?.error?.code, 'HTTP_PARSE_ERROR');
    assert.match(p.http?.error?.message ?? '', /GOAWAY/);
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'part');
  });

  it('reports a stream reset (RST_STREAM CANCEL) mid-body as ECONNRESET, not as a complete short body', async () => {
    const p = await probeRaw('rst.lab-site.test');
    assert.equal(p.http?.ok, false);
    assert.equal(p.http?.error?.code, 'ECONNRESET');
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'part');
  });

  it('reports a stream refused before any response (RST_STREAM REFUSED_STREAM) as ECONNRESET', async () => {
    const p = await probe('/refused');
    assert.equal(p.http?.ok, false);
    assert.equal(p.http?.error?.code, 'ECONNRESET');
    assert.equal(p.http?.status, null);
  });

  it('reports HEADERS_OVERFLOW for response headers over 64 KiB, and takes headers under it', async () => {
    const over = await probe('/huge-headers');
    assert.equal(over.http?.error?.code, 'HEADERS_OVERFLOW');
    assert.deepEqual(over.http?.headers, {});
    assert.equal(over.http?.status, null);
    const under = await probe('/big-headers');
    assert.equal(under.http?.ok, true, JSON.stringify(under.http?.error));
    assert.equal(Object.keys(under.http?.headers ?? {}).filter((name) => name.startsWith('x-filler-')).length, 50);
  });

  it('reports BODY_TIMEOUT for a body that stalls, keeping the status and what arrived, within the bound', async () => {
    const p = await probe('/stall-body');
    assert.equal(p.http?.error?.code, 'BODY_TIMEOUT');
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'x');
    assert.ok((p.http?.ms ?? 0) >= TIMEOUT * 0.99 && (p.http?.ms ?? Infinity) < TIMEOUT * 4, String(p.http?.ms));
  });

  it('reports HTTP_TIMEOUT when no response headers come, within the bound', async () => {
    const p = await probe('/no-headers');
    assert.equal(p.http?.error?.code, 'HTTP_TIMEOUT');
    assert.equal(p.http?.status, null);
    assert.ok((p.http?.ms ?? 0) >= TIMEOUT * 0.99 && (p.http?.ms ?? Infinity) < TIMEOUT * 4, String(p.http?.ms));
  });

  it('skips an interim 103 and reports the final response, its first byte timed at the final head', async () => {
    const p = await probe('/early-hints');
    assert.equal(p.http?.ok, true, JSON.stringify(p.http?.error));
    assert.equal(p.http?.status, 200);
    assert.equal(p.http?.body, 'after the hints');
    assert.equal(p.http?.headers['link'], undefined);
    assert.ok((p.http?.firstByteMs ?? 0) >= EARLY_HINTS_DELAY * 0.99, String(p.http?.firstByteMs));
  });

  it('reports HTTP_PARSE_ERROR when an edge that chose h2 answers in HTTP/1.1', async () => {
    const p = await probeRaw('h1.lab-site.test');
    assert.equal(p.tls?.alpn, 'h2');
    assert.equal(p.http?.ok, false);
    assert.equal(p.http?.error?.code, 'HTTP_PARSE_ERROR', p.http?.error?.message);
  });

  it('ends with DEADLINE when the run deadline fires mid-body', async () => {
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 100);
    const p = await probe('/stall-body', { signal: deadline.signal, timeoutMs: 5_000 });
    assert.equal(p.http?.error?.code, 'DEADLINE');
    assert.equal(p.http?.status, 200);
    assert.ok((p.http?.ms ?? Infinity) < 2_000, String(p.http?.ms));
  });

  it('leaves no HTTP/2 session open at the edge once each probe has resolved', async () => {
    await probe('/stall-body');
    await probe('/no-headers');
    await probe('/ok');
    const until = performance.now() + 2_000;
    while (sessionsOpen > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(sessionsOpen, 0);
  });
});
