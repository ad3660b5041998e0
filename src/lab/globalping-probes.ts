// The lab's Globalping probes: a small fleet as data (where each probe is, which lab "view" of the world it
// sees), and how a probe runs a DNS or HTTP test on loopback — against its view's own lab resolver and
// edges — returning results in Globalping's documented shapes (spec: public/v1/components/schemas.yaml).
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { query } from '../dns/query.ts';
import type { ResolverAddress } from '../types.ts';

/** A probe as the API describes it (`results[].probe`), plus the lab view it measures through. */
export interface MockProbe {
  continent: string;
  region: string;
  country: string;
  state: string | null;
  city: string;
  asn: number;
  network: string;
  tags: string[];
  /** Which view of the lab world this probe sees (default 'world'). */
  view?: string;
  /** Disconnected: its tests read `offline`. */
  offline?: boolean;
}

/** Where a view's probes send their DNS queries and HTTP requests. */
export interface ProbeView {
  resolver: ResolverAddress;
  /** The port every edge of the view listens on (lab edges share one port, so a request's own port is not used). */
  edgePort: number;
  /** The lab CA, to say whether a certificate verified (`tls.authorized`); probes never stop at a bad one. */
  caPem: string;
}

const p = (continent: string, region: string, country: string, city: string, asn: number, network: string, tags: string[] = ['eyeball-network']): MockProbe => ({
  continent,
  region,
  country,
  state: null,
  city,
  asn,
  network,
  tags,
});

/** The default fleet: three probes in each of the countries outages were told apart by, two elsewhere. */
export const DEFAULT_FLEET: readonly MockProbe[] = [
  { ...p('NA', 'Northern America', 'US', 'Ashburn', 14618, 'Amazon.com, Inc.', ['datacenter-network', 'aws-us-east-1']), state: 'VA' },
  { ...p('NA', 'Northern America', 'US', 'New York', 7922, 'Comcast Cable Communications, LLC'), state: 'NY' },
  { ...p('NA', 'Northern America', 'US', 'San Jose', 7018, 'AT&T Enterprises, LLC'), state: 'CA' },
  p('EU', 'Western Europe', 'DE', 'Frankfurt', 3320, 'Deutsche Telekom AG'),
  p('EU', 'Western Europe', 'DE', 'Berlin', 6805, 'Telefonica Germany GmbH & Co.OHG'),
  p('EU', 'Western Europe', 'DE', 'Nuremberg', 24940, 'Hetzner Online GmbH', ['datacenter-network']),
  p('AS', 'Southern Asia', 'IN', 'Mumbai', 9498, 'Bharti Airtel Ltd.'),
  p('AS', 'Southern Asia', 'IN', 'Delhi', 55836, 'Reliance Jio Infocomm Limited'),
  p('AS', 'Southern Asia', 'IN', 'Bengaluru', 45609, 'Bharti Airtel Ltd. AS for GPRS Service'),
  p('EU', 'Northern Europe', 'GB', 'London', 5089, 'Virgin Media Limited'),
  p('EU', 'Northern Europe', 'GB', 'Manchester', 2856, 'British Telecommunications PLC'),
  p('AS', 'Eastern Asia', 'JP', 'Tokyo', 2516, 'KDDI CORPORATION'),
  p('AS', 'Eastern Asia', 'JP', 'Osaka', 4713, 'NTT Communications Corporation'),
  p('SA', 'South America', 'BR', 'São Paulo', 28573, 'Claro NXT Telecomunicacoes Ltda'),
  p('SA', 'South America', 'BR', 'Rio de Janeiro', 18881, 'TELEFÔNICA BRASIL S.A'),
  p('OC', 'Australia and New Zealand', 'AU', 'Sydney', 1221, 'Telstra Limited'),
  p('OC', 'Australia and New Zealand', 'AU', 'Melbourne', 4804, 'Microplex PTY LTD'),
];

/** rcode names to the numbers `statusCode` carries (RFC 1035 §4.1.1, RFC 6895). */
const RCODE_NUMBER: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

/** A finished or failed DNS test, as the API's simple DNS result. */
export async function dnsTest(view: ProbeView, target: string, type: string, timeoutS: number): Promise<Record<string, unknown>> {
  const asked = type === 'A' || type === 'AAAA' || type === 'CNAME' || type === 'NS' || type === 'PTR' ? type : 'A';
  const res = await query(view.resolver, target, asked, { timeoutMs: Math.min(timeoutS * 1000, 5000) });
  if (!res.ok) {
    return { status: 'failed', failureSource: 'resolver', rawOutput: ';; connection timed out; no servers could be reached\n', statusCode: null, statusCodeName: null, resolver: view.resolver.host, answers: [], timings: { total: null } };
  }
  const answers = res.answers.map((a) => ({ name: `${a.name}.`, type: a.type, ttl: a.ttl, class: 'IN', value: a.type === 'A' || a.type === 'AAAA' ? a.data : `${a.data}.` }));
  const raw = [`;; ->>HEADER<<- opcode: QUERY, status: ${res.rcode}`, ';; ANSWER SECTION:', ...answers.map((a) => `${a.name}\t${a.ttl}\tIN\t${a.type}\t${a.value}`)].join('\n');
  return {
    status: 'finished',
    statusCode: RCODE_NUMBER[res.rcode] ?? null,
    statusCodeName: res.rcode,
    resolver: view.resolver.host,
    answers,
    timings: { total: Math.round(res.ms) },
    rawOutput: `${raw}\n`,
  };
}

export interface HttpTestRequest {
  method: string;
  path: string;
  query: string;
  protocol: 'HTTP' | 'HTTPS' | 'HTTP2';
}

/**
 * An HTTP test: resolve through the view's resolver, connect to the first address on the view's edge port,
 * send the request (never following a redirect), keep at most 10 KB of body. Failures are `failed` results
 * whose failureSource says whose fault (resolver or target), as the real probe's are.
 */
export async function httpTest(view: ProbeView, target: string, req: HttpTestRequest, timeoutS: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const failed = (source: 'resolver' | 'target', rawOutput: string) => ({ status: 'failed', failureSource: source, rawOutput, statusCode: null, statusCodeName: null, resolvedAddress: null, headers: {}, rawHeaders: null, rawBody: null, truncated: false, timings: { total: null, dns: null, tcp: null, tls: null, firstByte: null, download: null }, tls: null });
  const dns = await query(view.resolver, target, 'A', { timeoutMs: Math.min(timeoutS * 1000, 5000) });
  const address = dns.ok ? dns.answers.find((a) => a.type === 'A')?.data : undefined;
  if (!address) return failed('resolver', `getaddrinfo ${dns.ok && dns.rcode === 'NXDOMAIN' ? 'ENOTFOUND' : 'EAI_AGAIN'} ${target}`);
  const tDns = performance.now();
  const tls = req.protocol !== 'HTTP';
  return new Promise((resolve) => {
    let tConnect = 0;
    let tSecure = 0;
    const send = tls ? httpsRequest : httpRequest;
    const path = `${req.path}${req.query ? `?${req.query}` : ''}`;
    const r = send({ host: address, port: view.edgePort, method: req.method, path, headers: { host: target, 'user-agent': 'globalping probe (https://github.com/jsdelivr/globalping-probe)' }, agent: false, timeout: timeoutS * 1000, ...(tls ? { servername: target, rejectUnauthorized: false, ca: view.caPem } : {}) }, (res) => {
      const tFirst = performance.now();
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        if (size < 10_000) chunks.push(chunk);
        else truncated = true;
        size += chunk.length;
      });
      res.on('end', () => {
        const socket = res.socket as { authorized?: boolean; authorizationError?: Error; getProtocol?: () => string | null } | null;
        const body = Buffer.concat(chunks).subarray(0, 10_000).toString('utf8');
        const end = performance.now();
        const ms = (a: number, b: number) => (a && b ? Math.max(0, Math.round(b - a)) : null);
        const rawHeaders = Object.entries(res.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n');
        resolve({
          status: 'finished',
          // The probe's raw output: status line, headers and (up to 10 KB of) body, as the CLI prints it.
          rawOutput: `HTTP/${res.httpVersion} ${res.statusCode ?? ''} ${res.statusMessage ?? ''}\n${rawHeaders}${req.method === 'HEAD' ? '' : `\n\n${body}`}`,
          resolvedAddress: address,
          headers: res.headers,
          rawHeaders,
          rawBody: req.method === 'HEAD' ? null : body,
          truncated: truncated || size > 10_000,
          statusCode: res.statusCode ?? null,
          statusCodeName: res.statusMessage ?? null,
          timings: { total: Math.round(end - t0), dns: Math.round(tDns - t0), tcp: ms(tDns, tConnect), tls: tls ? ms(tConnect, tSecure) : null, firstByte: ms(tSecure || tConnect, tFirst), download: Math.round(end - tFirst) },
          tls: tls ? { authorized: socket?.authorized ?? false, ...(socket?.authorizationError ? { error: String(socket.authorizationError.message) } : {}), protocol: socket?.getProtocol?.() ?? null } : null,
        });
      });
    });
    r.on('socket', (socket) => {
      socket.once('connect', () => (tConnect = performance.now()));
      socket.once('secureConnect', () => (tSecure = performance.now()));
    });
    r.on('timeout', () => r.destroy(Object.assign(new Error('Timeout awaiting response'), { code: 'ETIMEDOUT' })));
    r.on('error', (error: NodeJS.ErrnoException) => resolve(failed('target', `${error.code ?? 'ERROR'}: ${error.message}`)));
    r.end();
  });
}
