// Plain-data builders for verdict tests: DNS traces, edge probes, fingerprints, canaries and controls,
// shaped like what the dns/, probe/ and fingerprint/ stages hand over. Addresses are loopback only.
import type {
  CanaryResult,
  ControlResult,
  DnsFailure,
  DnsTrace,
  EdgeProbe,
  ErrorPageMatch,
  Fingerprint,
  Hop,
  Layer,
  ProviderMatch,
  RecordType,
  ResolverOutcome,
  Role,
  TlsResult,
} from '../../../src/types.ts';

export const RESOLVER = '127.0.0.1:53';

/** Display names as the fingerprint module would give them. */
const NAMES: Record<string, string> = {
  akamai: 'Akamai',
  cloudflare: 'Cloudflare',
  fastly: 'Fastly',
  cloudfront: 'CloudFront',
  'azure-frontdoor': 'Azure Front Door',
  dyn: 'Dyn',
  route53: 'Amazon Route 53',
};
const DNS_NAMES: Record<string, string> = { akamai: 'Akamai Edge DNS', cloudflare: 'Cloudflare DNS' };

export function hop(name: string, type: RecordType, data: string | null, rcode = 'NOERROR', resolver = RESOLVER): Hop {
  return { name, type, data, ttl: data ? 300 : null, rcode, resolver, ms: 5 };
}

export function outcome(resolver: string, addresses: string[], error: DnsFailure | null = null): ResolverOutcome {
  return { resolver, ok: addresses.length > 0, addresses, error };
}

export function failure(name: string, code: string, resolver = RESOLVER, type: RecordType = 'A'): DnsFailure {
  return { code, rcode: code, name, type, resolver, message: `${code} for ${name}` };
}

/** A resolved trace: CNAME hops for `cnames` (each pointing at the next), then A records for `addresses`. */
export function dnsOk(host: string, opts: { cnames?: string[]; addresses: string[]; zone?: string | null; nameservers?: string[]; ms?: number }): DnsTrace {
  const names = [host, ...(opts.cnames ?? [])];
  const chain = [
    ...names.slice(0, -1).map((name, i) => hop(name, 'CNAME', names[i + 1] ?? null)),
    ...opts.addresses.map((a) => hop(names[names.length - 1]!, 'A', a)),
  ];
  return {
    resolvers: [RESOLVER],
    chain,
    addresses: opts.addresses,
    error: null,
    zone: opts.zone === undefined ? registrable(host) : opts.zone,
    nameservers: opts.nameservers ?? [],
    nsError: null,
    byResolver: [outcome(RESOLVER, opts.addresses)],
    disagreements: [],
    ms: opts.ms ?? 20,
  };
}

/** A failed trace: the CNAME hops answer, then the last name fails with `code`. */
export function dnsFail(host: string, opts: { cnames?: string[]; code: string; zone?: string | null; nameservers?: string[]; resolver?: string }): DnsTrace {
  const resolver = opts.resolver ?? RESOLVER;
  const names = [host, ...(opts.cnames ?? [])];
  const failing = names[names.length - 1]!;
  const error = failure(failing, opts.code, resolver);
  return {
    ...dnsOk(host, { cnames: opts.cnames ?? [], addresses: [], zone: opts.zone ?? registrable(host), nameservers: opts.nameservers ?? [] }),
    resolvers: [resolver],
    chain: [...names.slice(0, -1).map((name, i) => hop(name, 'CNAME', names[i + 1] ?? null, 'NOERROR', resolver)), hop(failing, 'A', null, opts.code, resolver)],
    error,
    byResolver: [outcome(resolver, [], error)],
  };
}

function registrable(host: string): string {
  return host.split('.').slice(-2).join('.');
}

const okStep = { ok: true, ms: 10, error: null };

function tls(overrides: Partial<TlsResult> = {}): TlsResult {
  return {
    ...okStep,
    protocol: 'TLSv1.3',
    alpn: 'h2',
    cipher: 'TLS_AES_128_GCM_SHA256',
    subject: 'site.test',
    subjectAltNames: ['site.test'],
    issuer: 'Lab CA',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    verified: true,
    verifyError: null,
    ...overrides,
  };
}

/** An edge that answered HTTP `status` (any status, 5xx included). */
export function probeHttp(address: string, status: number, opts: { errorSource?: ErrorPageMatch; totalMs?: number; tls?: Partial<TlsResult> } = {}): EdgeProbe {
  return {
    address,
    family: 4,
    port: 443,
    tcp: okStep,
    tls: tls(opts.tls),
    http: {
      ...okStep,
      status,
      reason: null,
      headers: {},
      location: null,
      body: '',
      bodyTruncated: false,
      firstByteMs: 5,
    },
    totalMs: opts.totalMs ?? 40,
    errorSource: opts.errorSource ?? null,
  };
}

export function probeTcpFail(address: string, code = 'CONNECT_TIMEOUT'): EdgeProbe {
  return { address, family: 4, port: 443, tcp: { ok: false, ms: 3000, error: { code, message: code } }, tls: null, http: null, totalMs: 3000 };
}

export function probeTlsFail(address: string, code: string): EdgeProbe {
  const error = { code, message: code };
  return { address, family: 4, port: 443, tcp: okStep, tls: tls({ ok: false, error, verified: false, verifyError: error }), http: null, totalMs: 30 };
}

/** An edge that accepted the request but never produced a status (HTTP_TIMEOUT ...). */
export function probeHttpError(address: string, code = 'HTTP_TIMEOUT'): EdgeProbe {
  const probe = probeHttp(address, 200);
  return { ...probe, http: { ...probe.http!, ok: false, status: null, error: { code, message: code } } };
}

export function edgeError(provider: string, kind: 'edge' | 'origin' = 'edge'): ErrorPageMatch {
  return { provider, kind, signature: `${provider} ${kind} page` };
}

function match(id: string, role: Role, cnameSuffix?: string): ProviderMatch {
  const name = role === 'dns' ? (DNS_NAMES[id] ?? NAMES[id] ?? id) : (NAMES[id] ?? id);
  return { id, name, evidence: cnameSuffix ? [{ source: 'cname', value: `x.${cnameSuffix}`, match: cnameSuffix }] : [{ source: 'header', value: `server: ${id}`, match: id }] };
}

/** A fingerprint naming `cdn` (optionally through a CNAME suffix), `dns` host, stacked `layers` and hop owners. */
export function fingerprint(opts: { cdn?: string; cnameSuffix?: string; dns?: string; nameservers?: string[]; layers?: string[]; hopOwners?: (string | null)[] } = {}): Fingerprint {
  return {
    cdn: opts.cdn ? match(opts.cdn, 'cdn', opts.cnameSuffix) : null,
    layers: (opts.layers ?? []).map((id) => match(id, 'cdn')),
    dns: opts.dns ? { ...match(opts.dns, 'dns'), nameservers: opts.nameservers ?? [`ns1.${opts.dns}.test`] } : null,
    conflicts: [],
    pop: null,
    hopOwners: opts.hopOwners ?? [],
  };
}

export const NO_FINGERPRINT: Fingerprint = fingerprint();

/** The code a canary fails with at each layer when a test does not say. */
const TYPICAL_CODE: Record<Layer, string> = { dns: 'SERVFAIL', tcp: 'CONNECT_TIMEOUT', tls: 'TLS_TIMEOUT', http: 'HTTP_503' };

export function canary(
  provider: string,
  status: 'up' | 'down',
  opts: { role?: Role; layer?: Layer; code?: string; confirmed?: boolean; host?: string } = {},
): CanaryResult {
  return {
    host: opts.host ?? `canary-${provider}-${status}.test`,
    provider,
    role: opts.role ?? 'cdn',
    confirmed: opts.confirmed ?? true,
    status,
    layer: status === 'down' ? (opts.layer ?? 'http') : null,
    code: status === 'down' ? (opts.code ?? TYPICAL_CODE[opts.layer ?? 'http']) : null,
    ms: 50,
  };
}

/** `n` canaries of `provider`, the first `down` of them down at `layer` with `code`, the rest up. */
export function canaries(provider: string, n: number, down: number, opts: { role?: Role; layer?: Layer; code?: string; confirmed?: boolean } = {}): CanaryResult[] {
  return Array.from({ length: n }, (_, i) => ({ ...canary(provider, i < down ? 'down' : 'up', opts), host: `c${i}.${provider}-canary.test` }));
}

/** `n` controls, the first `down` of them down at DNS (TIMEOUT) unless `layer`/`code` say otherwise. */
export function controls(n: number, down = 0, layer: Layer = 'dns', code = 'TIMEOUT'): ControlResult[] {
  return Array.from({ length: n }, (_, i) => ({
    host: `control${i}.test`,
    provider: `other${i}`,
    status: i < down ? 'down' : 'up',
    layer: i < down ? layer : null,
    code: i < down ? code : null,
    ms: 40,
  }));
}
