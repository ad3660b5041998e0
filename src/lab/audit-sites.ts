// Lab sites for `cdn-check audit`: NS at two providers, private + third-party NS, one provider only, a listed
// NS that does not answer, a lame one, and a site steered between two CDNs by resolver. Every NS name resolves
// to a loopback address: the lab's own DNS server on 127.0.0.1, started `authoritative`, answers for every zone
// as their server (ask it with --ns-port <its port>); DEAD_NS_ADDRESS is a loopback address nothing listens
// on; LAME_NS_ADDRESS one where a non-authoritative server listens on the same port.
import type { LabZoneData, ZoneRecord } from './zones.ts';

/** Where the NS that stopped serving "lives": loopback, and no lab server binds it. */
export const DEAD_NS_ADDRESS = '127.0.0.254';
/**
 * Where a lame NS lives: a second lab server on the main one's port that answers like a resolver (no AA bit),
 * as a former DNS host still answering from its resolvers after the zone moved away.
 */
export const LAME_NS_ADDRESS = '127.0.0.2';
const LAB_NS_ADDRESS = '127.0.0.1';

const ns = (zone: string, ...names: string[]): ZoneRecord[] => names.map((data) => ({ name: zone, type: 'NS', data }));
const at = (address: string, ...names: string[]): ZoneRecord[] => names.map((name) => ({ name, type: 'A', data: address }));

/** The audit sites as one resolver sees them; view 'b' is a second resolver that steers multicdn.test to Fastly. */
export function auditZoneData(view: 'a' | 'b' = 'a'): LabZoneData {
  const records: ZoneRecord[] = [
    // Two third-party DNS providers: redundant.
    ...ns('twodns.test', 'ada.ns.cloudflare.com', 'a1-1.akam.net'),
    // Its own NS and a third-party one: redundant (both).
    ...ns('mixed.test', 'ns1.mixed.test', 'bob.ns.cloudflare.com'),
    // One third-party provider only, served by one CDN: critical DNS and critical CDN.
    ...ns('single.test', 'ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'),
    { name: 'www.single.test', type: 'CNAME', data: 'www.single.test.edgekey.net' },
    { name: 'www.single.test.edgekey.net', type: 'CNAME', data: 'e1.a.akamaiedge.net' },
    { name: 'e1.a.akamaiedge.net', type: 'A', data: '127.20.0.1' },
    // Its own two NS, one of which stopped serving.
    ...ns('deadns.test', 'ns1.deadns.test', 'ns2.deadns.test'),
    ...at(DEAD_NS_ADDRESS, 'ns2.deadns.test'),
    // Its own NS and a third-party one that answers, but not as the zone's server: a lame delegation.
    ...ns('lame.test', 'ns1.lame.test', 'ns.lame-dns.test'),
    ...at(LAME_NS_ADDRESS, 'ns.lame-dns.test'),
    // Steered by resolver between Akamai (view a) and Fastly (view b): multi-CDN.
    ...ns('multicdn.test', 'ns1.multicdn.test', 'a1-1.akam.net'),
    view === 'a'
      ? { name: 'www.multicdn.test', type: 'CNAME', data: 'e1.a.akamaiedge.net' }
      : { name: 'www.multicdn.test', type: 'CNAME', data: 'multicdn.map.fastly.net' },
    { name: 'multicdn.map.fastly.net', type: 'A', data: '127.20.0.2' },
    // Its own NS, one CDN (Fastly) whose names this lab serves from a third party (NS1) alone: an indirect
    // critical DNS dependency. (Akamai's names are on Akamai's own DNS: no third party behind them.)
    ...ns('fastlyonly.test', 'ns1.fastlyonly.test'),
    { name: 'www.fastlyonly.test', type: 'CNAME', data: 'fastlyonly.map.fastly.net' },
    { name: 'fastlyonly.map.fastly.net', type: 'A', data: '127.20.0.2' },
    ...ns('fastly.net', 'dns1.p01.nsone.net', 'dns2.p01.nsone.net'),
    ...ns('edgekey.net', 'a1-1.akam.net', 'a2-2.akam.net'),
    ...ns('akamaiedge.net', 'a1-1.akam.net', 'a2-2.akam.net'),
    ...at(LAB_NS_ADDRESS, 'ada.ns.cloudflare.com', 'bob.ns.cloudflare.com', 'a1-1.akam.net', 'ns1.mixed.test', 'ns1.deadns.test', 'ns1.lame.test', 'ns1.fastlyonly.test', 'ns1.multicdn.test'),
  ];
  return { records };
}
