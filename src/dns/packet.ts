// Pure wire helpers over dns-packet: build a query, decode a reply and decide whether it answers that query.
import dnsPacket from 'dns-packet';
import type { ErrorInfo, RecordType, ResolverAddress } from '../types.ts';

/** EDNS buffer size advertised in every query (the DNS Flag Day 2020 value: no IP fragmentation). */
export const EDNS_UDP_PAYLOAD = 1232;

/** One resource record from a reply. Names are lower case without the trailing dot. */
export interface Answer {
  name: string;
  type: string;
  /** Address text for A/AAAA, a normalised name for CNAME/NS/PTR, "mname rname serial" for SOA. */
  data: string;
  ttl: number;
}

/** What a reply must echo to count as the answer to our query. */
export interface Expected {
  id: number;
  name: string;
  type: RecordType;
}

/** A reply that matched the query it answers. */
export interface Reply {
  rcode: string;
  truncated: boolean;
  /** The AA bit: the server answered from a zone it is authoritative for (what a listed NS must do). */
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
}

/**
 * The verdict on one received packet:
 * `reply` answers our query; `ignored` is someone else's packet (wrong ID, wrong question, not a response),
 * to be dropped while waiting continues; `malformed` could not be decoded (`idMatches` says whether its
 * first two bytes carried our ID, i.e. whether it is plausibly the resolver's own broken reply).
 */
export type ReplyCheck =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; idMatches: boolean; error: ErrorInfo };

/** Lower case, no trailing dot; the root stays ".". */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** A recursive (RD) query for one name and type, with an EDNS OPT record advertising EDNS_UDP_PAYLOAD. */
export function buildQuery(id: number, name: string, type: RecordType): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  });
}

/**
 * Decodes `buf` and checks it against the query: a response (QR set), the same ID, exactly one question
 * with the same name (case-insensitively, per RFC 1035 §2.3.3), type and class IN. Never throws: bytes
 * dns-packet cannot decode become `malformed`. Records of types we never ask about are left out.
 */
export function parseReply(buf: Buffer, expected: Expected): ReplyCheck {
  const idMatches = buf.length >= 2 && buf.readUInt16BE(0) === expected.id;
  let packet: dnsPacket.DecodedPacket & { rcode?: string };
  try {
    packet = dnsPacket.decode(buf);
  } catch (err) {
    return { kind: 'malformed', idMatches, error: { code: 'MALFORMED', message: `undecodable reply (${(err as Error).message})` } };
  }
  if (packet.id !== expected.id) return { kind: 'ignored', reason: `ID ${packet.id} is not ${expected.id}` };
  if (!packet.flag_qr) return { kind: 'ignored', reason: 'not a response' };
  const question = packet.questions?.length === 1 ? packet.questions[0] : undefined;
  if (!question || normalizeName(question.name) !== normalizeName(expected.name) || question.type !== expected.type || question.class !== 'IN') {
    return { kind: 'ignored', reason: 'question does not match the query' };
  }
  return {
    kind: 'reply',
    reply: {
      rcode: packet.rcode ?? 'NOERROR',
      truncated: packet.flag_tc,
      authoritative: packet.flag_aa,
      answers: toAnswers(packet.answers),
      authorities: toAnswers(packet.authorities),
    },
  };
}

const nameTypes = new Set(['CNAME', 'NS', 'PTR', 'DNAME']);

function toAnswers(records: dnsPacket.Answer[] | undefined): Answer[] {
  const out: Answer[] = [];
  for (const record of records ?? []) {
    const data = recordData(record);
    if (data === null) continue;
    out.push({ name: normalizeName(record.name), type: record.type, data, ttl: 'ttl' in record ? (record.ttl ?? 0) : 0 });
  }
  return out;
}

function recordData(record: dnsPacket.Answer): string | null {
  if (record.type === 'A' || record.type === 'AAAA') return String(record.data).toLowerCase();
  if (nameTypes.has(record.type)) return normalizeName(String((record as dnsPacket.StringAnswer).data));
  if (record.type === 'SOA') return `${normalizeName(record.data.mname)} ${normalizeName(record.data.rname)} ${record.data.serial ?? 0}`;
  return null;
}

/** Prefixes a DNS message with its 2-byte length for TCP (RFC 1035 §4.2.2). */
export function frameTcp(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

/**
 * Splits a TCP byte stream into whole length-prefixed messages; `rest` holds an incomplete tail (a partial
 * length or a partial message) to be completed by the next read. Zero-length frames are skipped.
 */
export function takeFrames(stream: Buffer): { frames: Buffer[]; rest: Buffer } {
  const frames: Buffer[] = [];
  let offset = 0;
  while (stream.length - offset >= 2) {
    const length = stream.readUInt16BE(offset);
    if (stream.length - offset - 2 < length) break;
    if (length > 0) frames.push(stream.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return { frames, rest: stream.subarray(offset) };
}

/** "dns: SERVFAIL from 127.0.0.1:5353 for e1234.a.akamaiedge.net (A)" plus an optional detail. */
export function failureMessage(code: string, resolver: ResolverAddress | string, name: string, type: string, detail?: string): string {
  const label = typeof resolver === 'string' ? resolver : resolver.label;
  return `dns: ${code} from ${label} for ${name} (${type})${detail ? `: ${detail}` : ''}`;
}

/**
 * The PTR name of an address: `4.3.2.1.in-addr.arpa` for 1.2.3.4, nibble form under `ip6.arpa` for IPv6
 * (embedded IPv4 such as ::ffff:1.2.3.4 included). null for anything that is not an IP literal.
 */
export function reverseName(address: string): string | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((o) => o <= 255) ? `${octets.reverse().join('.')}.in-addr.arpa` : null;
  }
  const groups = ipv6Groups(address.toLowerCase());
  if (!groups) return null;
  const nibbles = groups.map((g) => g.toString(16).padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
}

function ipv6Groups(address: string): number[] | null {
  let text = address;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const octets = (dotted[2] ?? '').split('.').map(Number);
    if (octets.some((o) => o > 255)) return null;
    tail.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
    const prefix = dotted[1] ?? '';
    text = prefix.endsWith('::') ? prefix : prefix.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined): number[] | null => {
    if (!part) return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (!head || !rest) return null;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest, ...tail];
}
