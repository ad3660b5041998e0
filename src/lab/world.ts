// Turns a scenario's sites and providers into what the lab servers need: DNS zone records and edge specs.
// Chains, headers and error pages come from the fingerprint profiles, so the lab speaks each provider's
// real dialect and the fingerprint rules are exercised exactly as in the field. Pure.
import { getDomain } from 'tldts-icann';
import { NAMESERVERS, PROFILES, type ProviderProfile } from './profiles.ts';
import type { EdgeBehaviour, EdgeSpec } from './edges.ts';
import type { ProviderSpec, Scenario, SiteSpec } from './scenario.ts';
import type { FaultRule, LabZoneData, ZoneRecord } from './zones.ts';

/** Each provider's edges live in their own 127.N.0.0/16, so addresses map to providers as in the real world. */
const PROVIDER_NETS: Record<string, number> = {
  akamai: 20,
  cloudflare: 30,
  fastly: 40,
  cloudfront: 50,
  'azure-frontdoor': 60,
  vercel: 70,
  'google-cloud-cdn': 80,
  netlify: 85,
};
/** Self-hosted origins (no CDN). */
const ORIGIN_NET = 90;
/** A captive portal's sign-in server (scenario.portal). */
const PORTAL_ADDRESS = '127.99.0.1';
const PORTAL_PAGE = '<!doctype html><title>Sign in to Guest Wi-Fi</title><form action="/login" method="post"><button>Accept and connect</button></form>';
const FIRST_SPARE_NET = 100;

/** DNS host of self-hosted zones (no provider). */
const SELF_NAMESERVERS = ['ns1.self-hosted.example', 'ns2.self-hosted.example'];

export interface LabWorld {
  zone: LabZoneData;
  edges: EdgeSpec[];
  /** Every host name a certificate must cover, per edge address. */
  addressesByProvider: Record<string, string[]>;
}

/** Builds zones and edges for a scenario. Throws on a scenario that names an unknown provider (a data bug). */
export function buildWorld(scenario: Scenario): LabWorld {
  const nets = new Map<string, number>();
  let spare = FIRST_SPARE_NET;
  const netOf = (provider: string): number => {
    let net = PROVIDER_NETS[provider] ?? nets.get(provider);
    if (net === undefined) {
      net = spare++;
      nets.set(provider, net);
    }
    return net;
  };

  const records: ZoneRecord[] = [...(scenario.records ?? [])];
  const faults: FaultRule[] = [...(scenario.faults ?? [])];
  const recordKeys = new Set(records.map((r) => `${r.name} ${r.type} ${r.data}`));
  const addRecord = (record: ZoneRecord) => {
    const key = `${record.name} ${record.type} ${record.data}`;
    if (recordKeys.has(key)) return;
    recordKeys.add(key);
    records.push(record);
  };
  const zonesWithNs = new Set<string>();
  const edgesByAddress = new Map<string, EdgeSpec>();
  const addressesByProvider: Record<string, string[]> = {};
  const providerSpecs = scenario.providers ?? {};

  const providerEdges = (provider: string): string[] => {
    const existing = addressesByProvider[provider];
    if (existing) return existing;
    const spec: ProviderSpec = providerSpecs[provider] ?? {};
    const net = netOf(provider);
    const addresses = Array.from({ length: spec.edges ?? 2 }, (_, i) => `127.${net}.0.${i + 1}`);
    addresses.forEach((address, i) => {
      const refused = spec.refuse?.includes(i) ?? false;
      edgesByAddress.set(address, {
        address,
        cert: 'valid',
        behaviour: refused ? { kind: 'refuse' } : behaviourFor(provider, spec.behaviour ?? 'healthy', '*'),
        hosts: {},
      });
    });
    addressesByProvider[provider] = addresses;
    return addresses;
  };

  let dedicated = 0;
  scenario.sites.forEach((site, index) => {
    const provider = site.cdn ?? 'self';
    const chain = site.cdn && !site.apex ? profileOf(site.cdn).cnameChain(site.host, site.slot) : [];
    let previous = site.host;
    for (const name of chain) {
      addRecord({ name: previous, type: 'CNAME', data: name, ttl: 300 });
      previous = name;
    }

    let addresses: string[];
    if ((site.cert && site.cert !== 'valid') || refusesAlone(site)) {
      // A certificate is per site, and so is an edge that refuses one site's connections (nothing listens
      // there, other sites' edges answer): give the site its own edge address.
      const address = `127.${site.cdn ? netOf(site.cdn) : ORIGIN_NET}.1.${++dedicated}`;
      edgesByAddress.set(address, { address, cert: site.cert, behaviour: behaviourFor(provider, site.behaviour ?? 'healthy', site.host), hosts: {} });
      addresses = [address];
    } else if (site.cdn) {
      addresses = providerEdges(site.cdn);
      if (site.behaviour) {
        for (const address of addresses) {
          const edge = edgesByAddress.get(address);
          if (edge && edge.behaviour.kind !== 'refuse') edge.hosts = { ...edge.hosts, [site.host]: behaviourFor(site.cdn, site.behaviour, site.host) };
        }
      }
    } else {
      const address = `127.${ORIGIN_NET}.0.${index + 1}`;
      edgesByAddress.set(address, { address, cert: 'valid', behaviour: behaviourFor('self', site.behaviour ?? 'healthy', site.host), hosts: {} });
      addresses = [address];
    }
    // Sites may share their chain's last name (ghs.googlehosted.com, cname.vercel-dns.com): one A record each.
    for (const address of addresses) addRecord({ name: previous, type: 'A', data: address, ttl: 20 });

    const zone = getDomain(site.host) ?? site.host;
    if (site.dnsFault) {
      const { at, ...rule } = site.dnsFault;
      const name = at === 'zone' ? `*.${zone}` : at === 'entry' ? (chain[0] ?? site.host) : previous;
      faults.push({ name, ...rule });
    }
    if (!zonesWithNs.has(zone)) {
      zonesWithNs.add(zone);
      for (const ns of site.nameservers ?? nameserversOf(site.dns)) addRecord({ name: zone, type: 'NS', data: ns, ttl: 86400 });
    }
  });

  for (const edge of scenario.edges ?? []) edgesByAddress.set(edge.address, edge);

  if (scenario.portal) {
    const page: EdgeBehaviour = { kind: 'respond', status: 200, headers: { server: 'portal', 'content-type': 'text/html', 'cache-control': 'no-store' }, body: PORTAL_PAGE };
    edgesByAddress.set(PORTAL_ADDRESS, { address: PORTAL_ADDRESS, cert: scenario.portal.cert ?? 'wrong-name', behaviour: page, hosts: {} });
  }

  return {
    zone: { records, faults, ...(scenario.portal ? { hijack: PORTAL_ADDRESS } : {}) },
    edges: [...edgesByAddress.values()],
    addressesByProvider,
  };
}

/** A site on a CDN whose edges refuse its connections alone: a TCP refusal needs an address of its own. */
function refusesAlone(site: SiteSpec): boolean {
  return site.cdn !== null && typeof site.behaviour === 'object' && site.behaviour.kind === 'refuse';
}

function profileOf(provider: string): ProviderProfile {
  const profile = PROFILES[provider];
  if (!profile) throw new Error(`lab: no profile for provider "${provider}"`);
  return profile;
}

function nameserversOf(dnsHost: string): string[] {
  const known = dnsHost === 'self' ? SELF_NAMESERVERS : NAMESERVERS[dnsHost];
  if (!known) throw new Error(`lab: no nameservers for DNS host "${dnsHost}"`);
  return known;
}

/** A named behaviour in the provider's own dialect (its headers, its error page). */
function behaviourFor(provider: string, behaviour: SiteSpec['behaviour'] & {}, host: string): EdgeBehaviour {
  // A copy per edge and site: a flapping sequence then advances per (address, host), as a client sees it.
  if (typeof behaviour !== 'string') return structuredClone(behaviour);
  if (provider === 'self') {
    return behaviour === 'healthy'
      ? { kind: 'respond', status: 200, headers: { server: 'nginx', 'content-type': 'text/html' }, body: '<!doctype html><title>ok</title>' }
      : { kind: 'respond', status: 503, headers: { server: 'nginx', 'content-type': 'text/html' }, body: '<html><body>503 Service Temporarily Unavailable</body></html>' };
  }
  const profile = profileOf(provider);
  switch (behaviour) {
    case 'healthy':
      return { kind: 'respond', status: profile.healthy.status, headers: profile.healthy.headers, body: `<!doctype html><title>${host}</title>` };
    case 'edge-error':
      return { kind: 'respond', ...profile.edgeError };
    case 'origin-error': {
      const page = profile.originError ?? profile.edgeError;
      return { kind: 'respond', ...page };
    }
  }
}
