// The lab's DNS data and how a recursive resolver would answer from it: CNAME chasing, NXDOMAIN/NODATA, faults.
import type { RecordType } from '../types.ts';

export interface ZoneRecord {
  /** Owner name; "*.suffix" makes a wildcard for names under suffix that have no records of their own. */
  name: string;
  type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR';
  data: string;
  ttl?: number;
}

/**
 * servfail / refused / nxdomain: that rcode. drop: no reply at all. truncate: a UDP reply with the TC bit and
 * no answers (TCP answers normally). malformed: undecodable bytes behind the right ID. wrong-id: a spoofed
 * reply with another ID and bogus data (127.66.66.66) first, then the real one. drop-udp: no reply over UDP,
 * a normal one over TCP (a network that filters UDP 53 only).
 */
export type DnsFault = 'servfail' | 'refused' | 'nxdomain' | 'drop' | 'drop-udp' | 'truncate' | 'malformed' | 'wrong-id';

export interface FaultRule {
  /** An exact name, "*.suffix" for the suffix itself and every name under it (on a dot boundary), or "*" for every name (a dead resolver). */
  name: string;
  /** Query types the rule applies to; all when absent. For a chased A query it is the query's type that counts. */
  types?: RecordType[];
  fault?: DnsFault;
  /** Extra delay before answering, alone or with a fault. Delays of every faulted name on a chain add up. */
  delayMs?: number;
}

export interface LabZoneData {
  records: ZoneRecord[];
  faults?: FaultRule[];
  /** TTL for records without one (default 300). */
  defaultTtl?: number;
  /**
   * A resolver that answers every A question with this one address (and AAAA with nothing), whatever the
   * name: a captive portal's or an intercepting network's DNS. Faults still apply first.
   */
  hijack?: string;
}

/** What a transport must do besides answering with an rcode. */
type TransportFault = Extract<DnsFault, 'drop' | 'drop-udp' | 'truncate' | 'malformed' | 'wrong-id'>;

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
  /** The chain walked (CNAMEs in order) and the final records, ttl filled in. */
  answers: Required<ZoneRecord>[];
  /** The first transport fault on the chain, played on top of the answer; null when none. */
  fault: TransportFault | null;
  delayMs: number;
}

export interface ZoneIndex {
  /** Answers `name`/`type` (any type string; unknown types get NOERROR-empty or NXDOMAIN). O(labels). */
  answer(name: string, type: string): ZoneAnswer;
}

/** CNAME chasing stops here, as resolvers do; the query then reads SERVFAIL. */
export const MAX_CHASE = 16;
const DEFAULT_TTL = 300;

const rcodeFaults: Partial<Record<DnsFault, ZoneAnswer['rcode']>> = { servfail: 'SERVFAIL', refused: 'REFUSED', nxdomain: 'NXDOMAIN' };

type RecordsByType = Map<string, Required<ZoneRecord>[]>;

function normalize(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Every name from `name` up to its top label: a.b.c → a.b.c, b.c, c. */
function* selfAndAncestors(name: string): Generator<string> {
  let rest = name;
  for (;;) {
    yield rest;
    const dot = rest.indexOf('.');
    if (dot === -1) return;
    rest = rest.slice(dot + 1);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes zone data in Maps so each query costs O(labels of the name), whatever the number of records.
 * A name that exists only as a parent of other names (an empty non-terminal) answers NOERROR-empty, not
 * NXDOMAIN, as real zones do.
 */
export function indexZone(data: LabZoneData): ZoneIndex {
  const ttl = data.defaultTtl ?? DEFAULT_TTL;
  const exact = new Map<string, RecordsByType>();
  const wildcards = new Map<string, RecordsByType>();
  const existing = new Set<string>();
  for (const record of data.records) {
    const name = normalize(record.name);
    const wildcard = name.startsWith('*.');
    const owner = wildcard ? name.slice(2) : name;
    const table = wildcard ? wildcards : exact;
    let byType = table.get(owner);
    if (!byType) table.set(owner, (byType = new Map()));
    pushTo(byType, record.type, { name, type: record.type, data: record.type === 'A' || record.type === 'AAAA' ? record.data : normalize(record.data), ttl: record.ttl ?? ttl });
    for (const n of selfAndAncestors(owner)) existing.add(n);
  }
  const exactFaults = new Map<string, FaultRule[]>();
  const suffixFaults = new Map<string, FaultRule[]>();
  for (const rule of data.faults ?? []) {
    const name = normalize(rule.name);
    if (name === '*') pushTo(suffixFaults, '', rule);
    else if (name.startsWith('*.')) pushTo(suffixFaults, name.slice(2), rule);
    else pushTo(exactFaults, name, rule);
  }

  const recordsAt = (name: string): RecordsByType | undefined => {
    const own = exact.get(name);
    if (own || existing.has(name)) return own ?? new Map();
    for (const parent of selfAndAncestors(name)) {
      if (parent === name) continue;
      const wild = wildcards.get(parent);
      if (wild) return new Map([...wild].map(([type, rrs]) => [type, rrs.map((r) => ({ ...r, name }))]));
    }
    return undefined;
  };

  const faultAt = (name: string, type: string): { fault: DnsFault | null; delayMs: number } => {
    const rules = [...(exactFaults.get(name) ?? [])];
    for (const suffix of selfAndAncestors(name)) rules.push(...(suffixFaults.get(suffix) ?? []));
    rules.push(...(suffixFaults.get('') ?? []));
    const applicable = rules.filter((r) => !r.types || (r.types as string[]).includes(type));
    return { fault: applicable.find((r) => r.fault)?.fault ?? null, delayMs: applicable.reduce((sum, r) => sum + (r.delayMs ?? 0), 0) };
  };

  return {
    answer(queried, type) {
      const answers: Required<ZoneRecord>[] = [];
      const seen = new Set<string>();
      let fault: TransportFault | null = null;
      let delayMs = 0;
      const done = (rcode: ZoneAnswer['rcode'], records = answers): ZoneAnswer => ({ rcode, answers: records, fault, delayMs });
      for (let name = normalize(queried); ; ) {
        const rule = faultAt(name, type);
        delayMs += rule.delayMs;
        const rcode = rule.fault ? rcodeFaults[rule.fault] : undefined;
        if (rcode) return done(rcode, rcode === 'NXDOMAIN' ? answers : []);
        if (rule.fault && !fault) fault = rule.fault as TransportFault;
        if (data.hijack !== undefined && (type === 'A' || type === 'AAAA')) {
          return done('NOERROR', type === 'A' ? [{ name, type: 'A', data: data.hijack, ttl: 1 }] : []);
        }
        const records = recordsAt(name);
        if (!records) return done('NXDOMAIN');
        const own = records.get(type);
        const cname = records.get('CNAME')?.[0];
        if (own || type === 'CNAME' || !cname) {
          answers.push(...(own ?? []));
          return done('NOERROR');
        }
        answers.push(cname);
        seen.add(name);
        if (seen.has(cname.data) || seen.size > MAX_CHASE) return done('SERVFAIL', []);
        name = cname.data;
      }
    },
  };
}
