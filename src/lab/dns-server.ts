// The lab's DNS server: real UDP and TCP on one loopback port, answering from zone data with faults switched on.
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';
import rcodes from 'dns-packet/rcodes.js';
import { EDNS_UDP_PAYLOAD, frameTcp, takeFrames } from '../dns/packet.ts';
import { resolverLabel } from '../dns/system.ts';
import { indexZone } from './zones.ts';
import type { LabZoneData, ZoneAnswer } from './zones.ts';
import type { ResolverAddress } from '../types.ts';

export interface LabDnsServer {
  host: string;
  port: number;
  resolver: ResolverAddress;
  /** DNS messages received so far, UDP and TCP, malformed ones included. */
  queryCount(): number;
  /** Names asked so far, lower case (the first ASKED_NAMES_KEPT distinct ones): tests check what left for whom. */
  askedNames(): ReadonlySet<string>;
  /** Swaps the zone data (records and faults) for the next queries. */
  setData(data: LabZoneData): void;
  /** Stops listening, drops open TCP connections and pending delayed answers. */
  close(): Promise<void>;
}

export interface DnsServerOptions {
  /** Loopback address to bind (default 127.0.0.1; "::1" for IPv6). */
  host?: string;
  /** Fixed port; default an ephemeral one free for both UDP and TCP. */
  port?: number;
  /** Delay added to every answer, for benchmarks. */
  latencyMs?: number;
  /**
   * A resolver shedding load: the first `first` messages received are answered REFUSED (fault 'refused')
   * or not at all ('drop'), then it answers normally. Retransmissions and retries count as new messages.
   */
  overload?: { first: number; fault: 'refused' | 'drop' };
  /**
   * Set the AA bit on every answer, as a zone's own authoritative server does. Off (the default), the server
   * answers like a recursive resolver; a listed NS that answers so is a lame delegation (the audit's lab).
   */
  authoritative?: boolean;
}

/** The bogus address a wrong-id fault's spoofed reply carries, so a test can tell if it was believed. */
export const SPOOFED_A = '127.66.66.66';
const SPOOFED_AAAA = '::ffff:127.66.66.66';
const CLASSIC_UDP_LIMIT = 512;
const TCP_IDLE_MS = 10_000;
const UDP_RECEIVE_BUFFER = 4 * 2 ** 20;
const BIND_ATTEMPTS = 20;
/** Enough for any test; a bulk lab's sweep must not grow it without end. */
const ASKED_NAMES_KEPT = 10_000;

type Transport = 'udp' | 'tcp';

/**
 * Starts the server: UDP is bound first (port 0 → ephemeral), then TCP on the same port, retrying with a
 * new port when TCP finds it taken. Answers as a recursive resolver would (see zones.ts), plays the faults,
 * truncates UDP answers bigger than the client's EDNS size (512 without EDNS), and answers undecodable
 * queries with FORMERR when they carry at least a header (else drops them). Never throws on input.
 */
export async function startDnsServer(data: LabZoneData, opts: DnsServerOptions = {}): Promise<LabDnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const latencyMs = opts.latencyMs ?? 0;
  let zone = indexZone(data);
  let count = 0;
  const asked = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const connections = new Set<Socket>();

  const overload = opts.overload;
  const shed: ZoneAnswer | null = overload ? { rcode: 'REFUSED', answers: [], fault: overload.fault === 'drop' ? 'drop' : null, delayMs: 0 } : null;

  const handle = (message: Buffer, transport: Transport, send: (reply: Buffer) => void): void => {
    count++;
    const shedding = shed !== null && overload !== undefined && count <= overload.first;
    const replies = respond((name, type) => {
      if (asked.size < ASKED_NAMES_KEPT) asked.add(name.toLowerCase());
      return shedding ? shed : zone.answer(name, type);
    }, message, transport, opts.authoritative === true);
    if (!replies) return;
    const delay = latencyMs + replies.delayMs;
    if (delay <= 0) return replies.packets.forEach(send);
    const timer = setTimeout(() => {
      timers.delete(timer);
      replies.packets.forEach(send);
    }, delay);
    timers.add(timer);
  };

  const { udp, tcp, port } = await bindBoth(host, opts.port, (socket) => {
    connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = takeFrames(pending.length ? Buffer.concat([pending, chunk]) : chunk);
      pending = rest;
      for (const frame of frames) handle(frame, 'tcp', (reply) => socket.destroyed || socket.write(frameTcp(reply)));
    });
  });
  udp.on('message', (message, rinfo) =>
    handle(message, 'udp', (reply) => {
      try {
        udp.send(reply, rinfo.port, rinfo.address);
      } catch {
        // closed while an answer was on its way
      }
    }),
  );
  udp.on('error', () => {}); // a send to a vanished client must not take the lab down

  return {
    host,
    port,
    resolver: { host, port, label: resolverLabel(host, port) },
    queryCount: () => count,
    askedNames: () => asked,
    setData(next) {
      zone = indexZone(next);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of connections) socket.destroy();
      return Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]).then(() => undefined);
    },
  };
}

async function bindBoth(host: string, fixedPort: number | undefined, onConnection: (socket: Socket) => void): Promise<{ udp: UdpSocket; tcp: Server; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const udp = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(fixedPort ?? 0, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    const port = udp.address().port;
    // A sweep sends hundreds of questions in one burst; the kernel's default receive buffer (~200 KB, a few
    // hundred small datagrams) drops the rest, which a real resolver's larger buffer would queue. Capped by
    // the system (net.core.rmem_max); failing to raise it only leaves the default.
    try {
      udp.setRecvBufferSize(UDP_RECEIVE_BUFFER);
    } catch {
      // not permitted here: keep the default
    }
    const tcp = createServer(onConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (err) {
      udp.close();
      if (fixedPort !== undefined || attempt >= BIND_ATTEMPTS || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

/** The packets to send back for one received message (maybe none), and how long to wait first. */
function respond(answer: (name: string, type: string) => ZoneAnswer, message: Buffer, transport: Transport, authoritative: boolean): { packets: Buffer[]; delayMs: number } | null {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return message.length >= 12 ? { packets: [headerOnly(message.readUInt16BE(0), 'FORMERR')], delayMs: 0 } : null;
  }
  const question = query.questions?.[0];
  if (query.flag_qr || !question || query.questions?.length !== 1) return { packets: [headerOnly(query.id ?? 0, 'FORMERR')], delayMs: 0 };
  const result = answer(question.name, question.type);
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  const base = { id: query.id ?? 0, rd: query.flag_rd, aa: authoritative, question, edns: opt !== undefined };
  const real = () => encodeReply({ ...base, rcode: result.rcode, answers: result.answers });
  const delayMs = result.delayMs;
  switch (result.fault) {
    case 'drop':
      return null;
    case 'drop-udp':
      if (transport === 'udp') return null;
      break;
    case 'malformed':
      return { packets: [garbage(base.id)], delayMs };
    case 'wrong-id': {
      const spoofed = encodeReply({ ...base, id: (base.id + 1) & 0xffff, rcode: 'NOERROR', answers: spoofedAnswers(question) });
      return { packets: [spoofed, real()], delayMs };
    }
    case 'truncate':
      if (transport === 'udp') return { packets: [encodeReply({ ...base, rcode: result.rcode, answers: [], truncated: true })], delayMs };
      break;
  }
  let packet = real();
  const limit = opt && 'udpPayloadSize' in opt ? Math.max(CLASSIC_UDP_LIMIT, opt.udpPayloadSize) : CLASSIC_UDP_LIMIT;
  if (transport === 'udp' && packet.length > limit) packet = encodeReply({ ...base, rcode: result.rcode, answers: [], truncated: true });
  return { packets: [packet], delayMs };
}

interface ReplySpec {
  id: number;
  rd: boolean;
  aa?: boolean;
  question: dnsPacket.Question;
  edns: boolean;
  rcode: string;
  answers: { name: string; type: string; data: string; ttl: number }[];
  truncated?: boolean;
}

// dns-packet ignores `rcode` when encoding: the rcode lives in the low 4 bits of the flags.
function flagsFor(rcode: string, rd: boolean, truncated = false, aa = false): number {
  return (aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | (rd ? dnsPacket.RECURSION_DESIRED : 0) | dnsPacket.RECURSION_AVAILABLE | (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) | rcodes.toRcode(rcode);
}

function encodeReply(spec: ReplySpec): Buffer {
  const packet = (answers: ReplySpec['answers'], rcode: string): dnsPacket.Packet => ({
    type: 'response',
    id: spec.id,
    flags: flagsFor(rcode, spec.rd, spec.truncated, spec.aa),
    questions: [spec.question],
    answers: answers.map((a) => ({ name: a.name, type: a.type, ttl: a.ttl, class: 'IN', data: a.data }) as dnsPacket.Answer),
    additionals: spec.edns ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
  });
  try {
    return dnsPacket.encode(packet(spec.answers, spec.rcode));
  } catch {
    // Zone data dns-packet cannot encode (an A record that is not an address) is the lab's SERVFAIL.
    return dnsPacket.encode(packet([], 'SERVFAIL'));
  }
}

function headerOnly(id: number, rcode: string): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8000 | flagsFor(rcode, false), 2);
  return header;
}

/** Our ID, a header promising one question and one answer, then a compression pointer aimed forward. */
function garbage(id: number): Buffer {
  const out = Buffer.from([0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0, 0xff, 0xde, 0xad, 0xbe, 0xef]);
  out.writeUInt16BE(id, 0);
  return out;
}

function spoofedAnswers(question: dnsPacket.Question): ReplySpec['answers'] {
  const data = question.type === 'A' ? SPOOFED_A : question.type === 'AAAA' ? SPOOFED_AAAA : question.type === 'CNAME' ? 'spoofed.invalid' : null;
  return data ? [{ name: question.name, type: question.type, data, ttl: 60 }] : [];
}
