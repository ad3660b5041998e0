// IPv6 in the lab: every edge address 127.N.a.b has a ULA twin fd00:cdc:N:a::b, published as AAAA records
// and, where the plan says so, served. Outside a network namespace nothing binds those addresses, so only
// the namespace tests use a plan other than 'none'. Pure.
import { LAB_IPV6_PREFIX, type EdgeSpec } from './edges.ts';
import type { LabWorld } from './world.ts';

/**
 * none: IPv4 only, as before. unreachable: AAAA records published, no IPv6 edge listens (a network whose
 * IPv6 is broken: the addresses resolve, nothing gets there). dual: both families served. only: AAAA only,
 * every edge on its IPv6 twin (an IPv6-only network).
 */
export const IPV6_PLANS = ['none', 'unreachable', 'dual', 'only'] as const;
export type Ipv6Plan = (typeof IPV6_PLANS)[number];


/** 127.N.a.b → its ULA twin, in canonical (compressed, lower-case) form. */
export function ipv6Twin(v4: string): string {
  const parts = v4.split('.');
  if (parts.length !== 4 || parts[0] !== '127') throw new TypeError(`lab: ${v4} is not a 127.x.y.z edge address`);
  const [, n, a, b] = parts;
  return canonicalIpv6(`${LAB_IPV6_PREFIX}${n}:${a}::${b}`);
}

/** The canonical text of an IPv6 address, as resolvers and sockets print it. */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** The world with IPv6 laid on as `plan` says. */
export function withIpv6(world: LabWorld, plan: Ipv6Plan): LabWorld {
  if (plan === 'none') return world;
  const edgeAddresses = new Set(world.edges.map((e) => e.address));
  const twinRecords = world.zone.records
    .filter((r) => r.type === 'A' && edgeAddresses.has(r.data))
    .map((r) => ({ ...r, type: 'AAAA' as const, data: ipv6Twin(r.data) }));
  const twinEdges: EdgeSpec[] = world.edges.map((e) => ({ ...e, address: ipv6Twin(e.address) }));
  const records = plan === 'only' ? [...world.zone.records.filter((r) => !(r.type === 'A' && edgeAddresses.has(r.data))), ...twinRecords] : [...world.zone.records, ...twinRecords];
  const edges = plan === 'unreachable' ? world.edges : plan === 'dual' ? [...world.edges, ...twinEdges] : twinEdges;
  const twin = (list: string[]) => (plan === 'only' ? list.map(ipv6Twin) : plan === 'dual' ? [...list, ...list.map(ipv6Twin)] : list);
  const addressesByProvider = Object.fromEntries(Object.entries(world.addressesByProvider).map(([p, list]) => [p, twin(list)]));
  return { zone: { ...world.zone, records }, edges, addressesByProvider };
}
