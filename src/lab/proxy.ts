// The lab's HTTP CONNECT proxy: tunnels to lab edges on loopback, or misbehaves on purpose (refuses, wants
// credentials, hangs, answers garbage or an endless head) so every proxy failure of a probe can be tested.
// A test fixture that must never reach the outside: it tunnels to loopback IP literals only.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { parseAddress, parseCidr, cidrContains } from '../fingerprint/ip-ranges.ts';

export type LabProxyMode =
  /** Tunnels every CONNECT to a loopback address (502 when nothing answers there). */
  | 'tunnel'
  /** 403 to every CONNECT. */
  | 'refuse'
  /** 407 unless Proxy-Authorization carries `credentials`; then tunnels. */
  | 'auth'
  /** Reads the request, never answers. */
  | 'hang'
  /** Answers with bytes that are not HTTP (control characters and an escape sequence included). */
  | 'garbage'
  /** Greets with one line that is not HTTP and keeps the connection open, as an SSH server does. */
  | 'greeting'
  /** Answers a status line, then header lines without end. */
  | 'endless-head';

export interface LabProxyOptions {
  mode?: LabProxyMode;
  /**
   * IP literal to listen on (default 127.0.0.1). Another address only for a namespace's own network (the client
   * in one namespace, the proxy and the lab's loopback edges in another): what it tunnels to stays loopback.
   */
  host?: string;
  /** Fixed port (default: an ephemeral one). */
  port?: number;
  /** For 'auth': the user and password it accepts. */
  credentials?: { user: string; pass: string };
}

export interface LabProxy {
  host: string;
  port: number;
  /** "http://127.0.0.1:<port>", ready for HTTPS_PROXY (with credentials for 'auth' when `withCredentials`). */
  url(withCredentials?: boolean): string;
  /** CONNECT targets asked for so far ("127.64.0.1:443"), in order. */
  requests(): string[];
  close(): Promise<void>;
}

const LOOPBACK = [parseCidr('127.0.0.0/8')!, parseCidr('::1/128')!];

/** True for an IP literal on loopback (127.0.0.0/8, ::1); names are never resolved, so never allowed. */
function isLoopbackLiteral(host: string): boolean {
  const address = parseAddress(host);
  return address !== null && LOOPBACK.some((cidr) => cidrContains(cidr, address));
}

/** "127.64.0.1:443" or "[::1]:443" → its parts; null when it is not an authority with an IP literal and a port. */
function parseAuthority(authority: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/i.exec(authority);
  if (!m) return null;
  const port = Number(m[3]);
  return port >= 1 && port <= 65535 ? { host: (m[1] ?? m[2])!, port } : null;
}

const MAX_REQUEST_HEAD = 16 * 1024;

function respond(socket: Socket, status: string, headers: string[] = []): void {
  socket.end(`HTTP/1.1 ${status}\r\n${[...headers, 'Content-Length: 0'].join('\r\n')}\r\n\r\n`);
}

export async function startLabProxy(opts: LabProxyOptions = {}): Promise<LabProxy> {
  const mode = opts.mode ?? 'tunnel';
  const host = opts.host ?? '127.0.0.1';
  if (!parseAddress(host)) throw new Error(`lab proxy: ${host} is not an IP address`);
  const expected = opts.credentials ? `Basic ${Buffer.from(`${opts.credentials.user}:${opts.credentials.pass}`).toString('base64')}` : null;
  const sockets = new Set<Socket>();
  const asked: string[] = [];
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => socket.destroy());
  };

  const tunnel = (client: Socket, target: { host: string; port: number }, rest: Buffer): void => {
    const upstream = connect({ host: target.host, port: target.port });
    track(upstream);
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream).pipe(client);
    });
    upstream.once('error', () => {
      if (!client.destroyed) respond(client, '502 Bad Gateway');
    });
    client.once('close', () => upstream.destroy());
  };

  const handle = (client: Socket, head: string, rest: Buffer): void => {
    const [requestLine = '', ...headerLines] = head.split('\r\n');
    const m = /^CONNECT (\S+) HTTP\/1\.[01]$/.exec(requestLine);
    if (!m) return respond(client, '405 Method Not Allowed');
    asked.push(m[1]!);
    const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    switch (mode) {
      case 'refuse':
        return respond(client, '403 Forbidden');
      case 'hang':
        return;
      case 'garbage':
        client.end('\x1b]0;pwned\x07SSH-2.0-not-a-proxy\x00\r\n\r\n');
        return;
      case 'greeting':
        client.write('SSH-2.0-OpenSSH_9.6\r\n');
        return;
      case 'endless-head': {
        client.write('HTTP/1.1 200 OK\r\n');
        const pad = `X-Pad: ${'a'.repeat(1000)}\r\n`;
        const more = (): void => {
          while (!client.destroyed && client.write(pad));
        };
        client.on('drain', more);
        more();
        return;
      }
      case 'auth':
        if (expected === null || headers.get('proxy-authorization') !== expected) {
          return respond(client, '407 Proxy Authentication Required', ['Proxy-Authenticate: Basic realm="lab"']);
        }
        break;
      case 'tunnel':
        break;
    }
    const target = parseAuthority(m[1]!);
    // Never a name (it would be resolved off the machine's resolver) and never beyond loopback.
    if (!target || !isLoopbackLiteral(target.host)) return respond(client, '403 Forbidden', ['X-Lab-Proxy: loopback only']);
    tunnel(client, target, rest);
  };

  const server: Server = createServer((client) => {
    track(client);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > MAX_REQUEST_HEAD) client.destroy();
        return;
      }
      // Paused until a tunnel pipes it on: nothing the client sends next may be dropped.
      client.off('data', onData);
      client.pause();
      handle(client, buffered.subarray(0, end).toString('latin1'), buffered.subarray(end + 4));
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return {
    host,
    port,
    url: (withCredentials = false) =>
      withCredentials && opts.credentials ? `http://${encodeURIComponent(opts.credentials.user)}:${encodeURIComponent(opts.credentials.pass)}@${authority}` : `http://${authority}`,
    requests: () => [...asked],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
