// The lab's CDN edges: HTTPS (or plain HTTP) servers, each on its own 127.x.y.z address and one
// shared port, answering per Host/SNI with a scripted behaviour — healthy, error pages, and the
// hostile ones (hangs, garbage, resets, endless bodies) a prober must survive. HTTPS edges speak HTTP/2
// to clients that offer h2 in ALPN (as every CDN does to browsers) and HTTP/1.1 to the others.
import { STATUS_CODES, createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, Http2ServerResponse, type Http2ServerRequest, type ServerHttp2Session } from 'node:http2';
import { createServer as createNetServer, isIP, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, type SecureContext, type TLSSocket } from 'node:tls';
import type { Transform } from 'node:stream';
import { brotliCompressSync, constants, createBrotliCompress, createDeflate, createGzip, deflateSync, gzipSync } from 'node:zlib';
import type { CertSubject, LabCa } from './certs.ts';

/** Content codings the lab can apply to a body (to exercise the prober's capped decoding). */
/** The prefix every lab IPv6 address lives in (ULA, fd00::/8: never routed on the internet; see ipv6.ts). */
export const LAB_IPV6_PREFIX = 'fd00:cdc:';

type LabEncoding = 'gzip' | 'deflate' | 'br';

export type EdgeBehaviour =
  | { kind: 'respond'; status: number; headers?: Record<string, string | string[]>; body?: string; firstByteDelayMs?: number; encoding?: LabEncoding }
  /**
   * Cycles per request (per behaviour object): flapping edges, e.g. Cloudflare's 2025 500s that came and went. With
   * `hold`, the last step repeats instead: a timeline that ends (down, down, then up for good).
   */
  | { kind: 'sequence'; steps: EdgeBehaviour[]; hold?: boolean }
  /** Nothing listens on that address → ECONNREFUSED. As a per-host override: the connection is reset. */
  | { kind: 'refuse' }
  /** TCP accepted, TLS never answered. As a per-host override: the handshake stalls after the ClientHello. */
  | { kind: 'hang-tcp' }
  /** TLS done, HTTP never answered. */
  | { kind: 'hang-tls' }
  /** Bytes that are not HTTP. */
  | { kind: 'garbage' }
  /**
   * `response` written as it is (UTF-8), then the connection ends: what Node's HTTP server refuses to send,
   * such as escape sequences and BEL in the reason phrase or 8-bit bytes in header values.
   */
  | { kind: 'raw'; response: string }
  /** Response headers far larger than any sane limit (256 KiB). */
  | { kind: 'huge-headers' }
  /** 200 with a body that never ends (optionally compressed, an endless decompression stream). */
  | { kind: 'endless-body'; encoding?: LabEncoding }
  /** TCP RST after the request arrives. */
  | { kind: 'reset' };

/** The certificate an edge serves; `{ subject }` is a valid one whose subject fields carry the given text. */
export type CertMode = 'valid' | 'expired' | 'wrong-name' | 'self-signed' | { subject: CertSubject };

export interface EdgeSpec {
  /** 127.x.y.z, or its ULA twin fd00:cdc:… inside a network namespace (see ipv6.ts). */
  address: string;
  /** HTTPS (default) or plain HTTP. */
  tls?: boolean;
  /** Certificate served for every name asked (default valid: issued by the lab CA for the SNI name). */
  cert?: CertMode;
  behaviour: EdgeBehaviour;
  /** Per Host/SNI overrides (lower-case host names): one edge serves many sites. */
  hosts?: Record<string, EdgeBehaviour>;
  /** Offer HTTP/2 by ALPN (default true; HTTPS only). Behaviours that are HTTP/1.1 wire faults always get HTTP/1.1. */
  http2?: boolean;
  /** Staple an OCSP response when the client asks for one (status_request), as an edge with stapling on does. */
  staple?: boolean;
}

/**
 * Behaviours whose fault is a malformed HTTP/1.1 message (a reason phrase with escapes, bytes that are not HTTP,
 * 256 KiB of headers): HTTP/2 has no reason phrase and frames everything, so an edge answers these over HTTP/1.1
 * even to a client offering h2 — the fault the scenario stages reaches the prober unchanged.
 */
const HTTP1_ONLY: ReadonlySet<EdgeBehaviour['kind']> = new Set(['raw', 'garbage', 'huge-headers']);

/** Whether a behaviour (every step of a sequence) can be served over HTTP/2. */
function speaksH2(behaviour: EdgeBehaviour): boolean {
  return behaviour.kind === 'sequence' ? behaviour.steps.every(speaksH2) : !HTTP1_ONLY.has(behaviour.kind);
}

/** Response headers HTTP/2 forbids (RFC 9113 §8.2.2): Node refuses to send them, so the lab drops them there. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** What a stapling lab edge staples: clients only see that a response came (no lab client checks its content). */
const LAB_OCSP_RESPONSE = Buffer.from('cdn-check lab OCSP response');

export interface LabEdges {
  /** The one port every edge listens on. */
  port: number;
  /** HTTP requests received so far, across all edges. */
  requestCount(): number;
  /** Client connections open right now, across all edges (tests use it to prove probes closed theirs). */
  openConnections(): number;
  /** Stops listening and destroys every open socket, hung ones included, and every pending timer. */
  close(): Promise<void>;
}

/** The name a wrong-name certificate carries instead of the one asked. */
export const WRONG_NAME = 'wrong-name.lab.invalid';
const HUGE_HEADER_COUNT = 64;
const HUGE_HEADER_VALUE = 'h'.repeat(4096);
const ENDLESS_CHUNK = Buffer.from('endless body line, never ends, never ends, never ends\n'.repeat(300));
const GARBAGE = Buffer.from('SSH-2.0-OpenSSH_9.6 this is not HTTP\r\n\u0000\u0001\u0002\u00ff\r\n\r\n', 'latin1');
const BIND_ATTEMPTS = 20;

// Brotli's default quality (11) is far too slow for a stream written as fast as it is read.
const BROTLI_FAST = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
const STREAM_ENCODERS: Record<LabEncoding, () => Transform> = { gzip: () => createGzip(), deflate: () => createDeflate(), br: () => createBrotliCompress(BROTLI_FAST) };
const SYNC_ENCODERS: Record<LabEncoding, (body: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
const ignore = (): void => {};

/** Host name from a Host header or SNI: lower case, no port, no brackets. */
function hostOf(value: string | undefined): string {
  if (!value) return '';
  const trimmed = value.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']'));
  const colon = trimmed.indexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

function validate(edges: EdgeSpec[]): void {
  const seen = new Set<string>();
  const check = (b: EdgeBehaviour): void => {
    if (b.kind !== 'sequence') return;
    if (b.steps.length === 0) throw new TypeError('lab edges: a sequence needs at least one step');
    b.steps.forEach(check);
  };
  for (const edge of edges) {
    const loopback = isIP(edge.address) === 4 && edge.address.startsWith('127.');
    const ula = isIP(edge.address) === 6 && edge.address.startsWith(LAB_IPV6_PREFIX);
    if (!loopback && !ula) throw new TypeError(`lab edges: ${edge.address} is neither a 127.x.y.z address nor a lab ULA (${LAB_IPV6_PREFIX}…)`);
    if (seen.has(edge.address)) throw new TypeError(`lab edges: ${edge.address} appears twice`);
    seen.add(edge.address);
    check(edge.behaviour);
    Object.values(edge.hosts ?? {}).forEach(check);
  }
}

function listen(server: Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

/**
 * Starts `edges`. Every edge that is not `refuse` listens on its address and ONE port P: P comes from
 * `opts.port`, or from an ephemeral bind of the first edge (retried with a new P when another edge's
 * address:P is taken). Certificates are issued per SNI name by `opts.ca`; without SNI (IP-literal
 * targets) the certificate names the edge address. `latencyMs` delays every response.
 * Throws on a malformed spec (not 127.x, duplicate address, empty sequence): that is a lab bug.
 */
export async function startEdges(edges: EdgeSpec[], opts: { ca: LabCa; port?: number; latencyMs?: number }): Promise<LabEdges> {
  validate(edges);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const contexts = new Map<string, SecureContext>();
  const cycles = new WeakMap<EdgeBehaviour, number>();
  let requests = 0;

  const later = (ms: number, action: () => void): void => {
    if (ms <= 0) return action();
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };

  const connections = new Set<Socket>(); // the TCP sockets only, one per client connection
  const track = (socket: Socket): void => {
    socket.on('error', ignore);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const accept = (raw: Socket): void => {
    track(raw);
    connections.add(raw);
    raw.once('close', () => connections.delete(raw));
  };

  /** The certificate this edge serves for `name`, with the edge's certificate fault applied. */
  const issuedFor = (edge: EdgeSpec, name: string): { cert: string; key: string } => {
    const mode = edge.cert ?? 'valid';
    if (typeof mode === 'object') return opts.ca.issue([name], { subject: mode.subject });
    return mode === 'wrong-name' ? opts.ca.issue([WRONG_NAME]) : opts.ca.issue([name], { expired: mode === 'expired', selfSigned: mode === 'self-signed' });
  };

  const contextFor = (edge: EdgeSpec, name: string): SecureContext => {
    const key = `${JSON.stringify(edge.cert ?? 'valid')} ${name}`;
    let context = contexts.get(key);
    if (!context) {
      context = createSecureContext(issuedFor(edge, name));
      contexts.set(key, context);
    }
    return context;
  };

  /** The behaviour for one request: the host's override or the edge's, with sequences advanced. */
  const pick = (edge: EdgeSpec, host: string): EdgeBehaviour => {
    let behaviour = edge.hosts?.[host] ?? edge.behaviour;
    while (behaviour.kind === 'sequence') {
      const turn = cycles.get(behaviour) ?? 0;
      cycles.set(behaviour, turn + 1);
      const last = behaviour.steps.length - 1;
      behaviour = behaviour.steps[behaviour.hold ? Math.min(turn, last) : turn % behaviour.steps.length] as EdgeBehaviour;
    }
    return behaviour;
  };

  const servers: { server: Server; address: string }[] = [];
  for (const edge of edges) {
    if (edge.behaviour.kind === 'refuse') continue;
    servers.push({ server: edgeServer(edge), address: edge.address });
  }

  function edgeServer(edge: EdgeSpec): Server {
    const rawByPeer = new Map<string, Socket>(); // for RST: the TCP socket under a TLS one
    const peer = (s: Socket): string => `${s.remoteAddress}|${s.remotePort}`;

    const onRequest = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse, host: string | undefined): void => {
      requests++;
      const behaviour = pick(edge, hostOf(host));
      const delay = (opts.latencyMs ?? 0) + (behaviour.kind === 'respond' ? (behaviour.firstByteDelayMs ?? 0) : 0);
      later(delay, () => act(behaviour, req, res, rawByPeer.get(peer(req.socket)) ?? req.socket));
    };
    const http = createHttpServer({ requireHostHeader: false }, (req, res) => onRequest(req, res, req.headers.host));
    // HTTP/2 over the TLS socket the server below already handshook: the Host is the :authority pseudo-header.
    const h2 = createHttp2Server((req, res) => onRequest(req, res, req.authority || req.headers.host));
    h2.on('session', (session: ServerHttp2Session) => session.on('error', ignore));
    // Like nginx: a request that is not HTTP (a TLS ClientHello on a plain edge, say) gets a 400.
    http.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });

    const tls = createTlsServer({
      // Without SNI (IP-literal targets) this default serves: a certificate for the edge address.
      ...issuedFor(edge, edge.address),
      // h2 when the client offers it, the edge allows it and this name's behaviour can be said in HTTP/2.
      ALPNCallback: ({ servername, protocols }) => {
        const behaviour = edge.hosts?.[hostOf(servername)] ?? edge.behaviour;
        if (edge.http2 !== false && protocols.includes('h2') && speaksH2(behaviour)) return 'h2';
        return protocols.includes('http/1.1') ? 'http/1.1' : undefined;
      },
      SNICallback: (servername, callback) => {
        const override = edge.hosts?.[hostOf(servername)];
        if (override?.kind === 'hang-tcp') return; // never answer the ClientHello
        if (override?.kind === 'refuse') return callback(new Error('lab: refused for this name'));
        callback(null, contextFor(edge, hostOf(servername)));
      },
    });
    tls.on('tlsClientError', ignore);
    if (edge.staple) tls.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, done: (error: Error | null, response?: Buffer) => void) => done(null, LAB_OCSP_RESPONSE));
    tls.on('secureConnection', (secure: TLSSocket) => {
      track(secure);
      (secure.alpnProtocol === 'h2' ? h2 : http).emit('connection', secure);
    });

    return createNetServer((raw) => {
      accept(raw);
      // Accepted, never answered; still read (and dropped) so the edge notices when the client leaves.
      if (edge.behaviour.kind === 'hang-tcp') return void raw.resume();
      if (edge.tls === false) return http.emit('connection', raw);
      const key = peer(raw);
      rawByPeer.set(key, raw);
      raw.once('close', () => rawByPeer.delete(key));
      tls.emit('connection', raw);
    });
  }

  /** Writes the status line and headers: with the CDN's reason phrase over HTTP/1.1, without the headers HTTP/2 forbids over h2. */
  function writeHead(res: ServerResponse | Http2ServerResponse, status: number, headers: Record<string, string | string[]>): void {
    if (res instanceof Http2ServerResponse) {
      res.writeHead(status, Object.fromEntries(Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()))));
    } else res.writeHead(status, CDN_REASONS[status] ?? STATUS_CODES[status] ?? 'Unknown', headers);
  }

  function act(behaviour: EdgeBehaviour, req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse, raw: Socket): void {
    switch (behaviour.kind) {
      case 'respond': {
        const headers: Record<string, string | string[]> = { ...(behaviour.headers ?? {}) };
        let body: Buffer = Buffer.from(behaviour.body ?? '');
        if (behaviour.encoding) {
          body = SYNC_ENCODERS[behaviour.encoding](body);
          headers['content-encoding'] = behaviour.encoding;
        }
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
        writeHead(res, behaviour.status, headers);
        res.end(body);
        return;
      }
      case 'garbage':
        req.socket.end(GARBAGE);
        return;
      case 'raw':
        req.socket.end(Buffer.from(behaviour.response));
        return;
      case 'huge-headers': {
        const headers: Record<string, string> = {};
        for (let i = 0; i < HUGE_HEADER_COUNT; i++) headers[`x-filler-${i}`] = HUGE_HEADER_VALUE;
        writeHead(res, 200, headers);
        res.end('ok');
        return;
      }
      case 'endless-body':
        endless(res, behaviour.encoding);
        return;
      case 'reset':
      case 'refuse':
        raw.resetAndDestroy();
        return;
      case 'hang-tls':
      case 'hang-tcp':
      case 'sequence': // resolved by pick(); listed for exhaustiveness
        return;
      default: {
        const never: never = behaviour;
        throw new TypeError(`lab edges: unknown behaviour ${JSON.stringify(never)}`);
      }
    }
  }

  /** Writes body chunks for as long as the client reads (backpressure-aware), until it goes away. */
  function endless(res: ServerResponse | Http2ServerResponse, encoding: LabEncoding | undefined): void {
    writeHead(res, 200, { 'content-type': 'text/plain', ...(encoding ? { 'content-encoding': encoding } : {}) });
    const sink: NodeJS.WritableStream = encoding ? STREAM_ENCODERS[encoding]() : res;
    if (encoding) (sink as Transform).pipe(res);
    let stopped = false;
    res.once('close', () => {
      stopped = true;
      if (encoding) (sink as Transform).destroy();
    });
    const pump = (): void => {
      while (!stopped) {
        if (!sink.write(ENDLESS_CHUNK)) {
          sink.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  const port = await bindAll(servers, opts.port);
  return {
    port,
    requestCount: () => requests,
    openConnections: () => connections.size,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closing = [...sockets].map((socket) => (socket.closed ? null : new Promise((resolve) => socket.once('close', resolve))));
      for (const socket of sockets) socket.destroy();
      await Promise.all([...servers.map(({ server }) => closeServer(server)), ...closing]);
    },
  };
}

/** Binds every server to its address on one shared port; see startEdges. */
async function bindAll(servers: { server: Server; address: string }[], fixed: number | undefined): Promise<number> {
  if (servers.length === 0) return fixed ?? (await freePort());
  for (let attempt = 1; ; attempt++) {
    const bound: Server[] = [];
    try {
      let port = fixed ?? 0;
      for (const { server, address } of servers) {
        port = await listen(server, address, port);
        bound.push(server);
      }
      return port;
    } catch (error) {
      await Promise.all(bound.map(closeServer));
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (fixed !== undefined || !inUse || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

/** A port nothing listens on right now (for a lab whose edges all refuse). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  const port = await listen(probe, '127.0.0.1', 0);
  await closeServer(probe);
  return port;
}

/** Reason phrases CDNs send for their own status codes, which Node does not know (it would say "unknown"). */
const CDN_REASONS: Record<number, string> = {
  520: 'Web Server Returned an Unknown Error',
  521: 'Web Server Is Down',
  522: 'Connection Timed Out',
  523: 'Origin Is Unreachable',
  524: 'A Timeout Occurred',
  525: 'SSL Handshake Failed',
  526: 'Invalid SSL Certificate',
  530: 'Site Frozen',
};
