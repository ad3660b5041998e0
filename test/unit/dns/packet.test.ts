// Wire helpers: what a query carries, which replies count as answers, and how broken bytes are reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { EDNS_UDP_PAYLOAD, buildQuery, failureMessage, frameTcp, normalizeName, parseReply, reverseName, takeFrames } from '../../../src/dns/packet.ts';
import type { Expected } from '../../../src/dns/packet.ts';

const expected: Expected = { id: 4242, name: 'paytm.com', type: 'A' };

function reply(overrides: Partial<dnsPacket.Packet> = {}, rcode = 0): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: 4242,
    flags: dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: [{ name: 'paytm.com', type: 'A', class: 'IN' }],
    answers: [
      { name: 'PayTM.com.', type: 'CNAME', ttl: 300, data: 'PayTM.com.EdgeKey.net.' },
      { name: 'paytm.com.edgekey.net', type: 'A', ttl: 20, data: '127.20.0.1' },
    ],
    ...overrides,
  });
}

test('a query asks recursively for one name and type and advertises a 1232-byte EDNS buffer', () => {
  const decoded = dnsPacket.decode(buildQuery(7, 'paytm.com', 'AAAA'));
  assert.equal(decoded.id, 7);
  assert.equal(decoded.flag_rd, true);
  assert.equal(decoded.flag_qr, false);
  assert.deepEqual(decoded.questions, [{ name: 'paytm.com', type: 'AAAA', class: 'IN' }]);
  const opt = decoded.additionals?.find((a) => a.type === 'OPT');
  assert.ok(opt && 'udpPayloadSize' in opt);
  assert.equal(opt.udpPayloadSize, EDNS_UDP_PAYLOAD);
});

test('a matching reply yields its rcode and answers with lower-case names and no trailing dots', () => {
  const check = parseReply(reply(), expected);
  assert.equal(check.kind, 'reply');
  assert.ok(check.kind === 'reply');
  assert.equal(check.reply.rcode, 'NOERROR');
  assert.equal(check.reply.truncated, false);
  assert.deepEqual(check.reply.answers, [
    { name: 'paytm.com', type: 'CNAME', data: 'paytm.com.edgekey.net', ttl: 300 },
    { name: 'paytm.com.edgekey.net', type: 'A', data: '127.20.0.1', ttl: 20 },
  ]);
});

test('the question is compared case-insensitively, as DNS names are', () => {
  const check = parseReply(reply({ questions: [{ name: 'PAYTM.Com', type: 'A', class: 'IN' }] }), expected);
  assert.equal(check.kind, 'reply');
});

test('the rcode is read from the header flags and the TC bit is reported', () => {
  const check = parseReply(reply({ answers: [], flags: dnsPacket.TRUNCATED_RESPONSE | 2 }), expected);
  assert.ok(check.kind === 'reply');
  assert.equal(check.reply.rcode, 'SERVFAIL');
  assert.equal(check.reply.truncated, true);
});

const ignored: [what: string, packet: Buffer][] = [
  ['another ID', reply({ id: 4243 })],
  ['another name', reply({ questions: [{ name: 'zomato.com', type: 'A', class: 'IN' }] })],
  ['another type', reply({ questions: [{ name: 'paytm.com', type: 'AAAA', class: 'IN' }] })],
  ['another class', reply({ questions: [{ name: 'paytm.com', type: 'A', class: 'CH' }] })],
  ['no question', reply({ questions: [] })],
  ['two questions', reply({ questions: [{ name: 'paytm.com', type: 'A' }, { name: 'paytm.com', type: 'A' }] })],
  ['a query, not a response', dnsPacket.encode({ type: 'query', id: 4242, questions: [{ name: 'paytm.com', type: 'A' }] })],
];

for (const [what, packet] of ignored) {
  test(`a reply with ${what} is ignored so waiting can continue`, () => {
    assert.equal(parseReply(packet, expected).kind, 'ignored');
  });
}

test('undecodable bytes behind our ID are malformed and say the ID matched', () => {
  const bytes = Buffer.from([0x10, 0x92, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0, 0xff]);
  const check = parseReply(bytes, expected);
  assert.ok(check.kind === 'malformed');
  assert.equal(check.idMatches, true);
  assert.equal(check.error.code, 'MALFORMED');
});

const garbage: [what: string, bytes: Buffer][] = [
  ['an empty datagram', Buffer.alloc(0)],
  ['a single byte', Buffer.from([0x10])],
  ['a short header', Buffer.from([0, 1, 2, 3, 4])],
  ['random bytes claiming many records', Buffer.from([0xff, 0xff, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 63, 1, 2])],
];

for (const [what, bytes] of garbage) {
  test(`${what} is malformed without a matching ID, never a crash`, () => {
    const check = parseReply(bytes, expected);
    assert.ok(check.kind === 'malformed');
    assert.equal(check.idMatches, false);
  });
}

test('TCP frames are reassembled from partial reads and split when several arrive at once', () => {
  const one = frameTcp(Buffer.from('first'));
  const two = frameTcp(Buffer.from('second'));
  assert.deepEqual(takeFrames(one.subarray(0, 1)), { frames: [], rest: one.subarray(0, 1) });
  assert.deepEqual(takeFrames(one.subarray(0, 4)).frames, []);
  const both = takeFrames(Buffer.concat([one, two, two.subarray(0, 3)]));
  assert.deepEqual(both.frames.map(String), ['first', 'second']);
  assert.equal(both.rest.length, 3);
  assert.deepEqual(takeFrames(Buffer.concat([Buffer.from([0, 0]), one])).frames.map(String), ['first']);
});

const reverse: [address: string, name: string | null][] = [
  ['192.0.2.10', '10.2.0.192.in-addr.arpa'],
  ['::1', `1.${'0.'.repeat(31)}ip6.arpa`],
  ['2001:db8::567:89ab', 'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
  ['::ffff:192.0.2.1', '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
  ['256.1.1.1', null],
  ['1::2::3', null],
  ['1:2:3:4:5:6:7:8:9', null],
  ['paytm.com', null],
  ['fe80::1%eth0', null],
];

for (const [address, name] of reverse) {
  test(`the PTR name of ${address} is ${name ?? 'refused'}`, () => {
    assert.equal(reverseName(address), name);
  });
}

test('names are normalised to lower case without the trailing dot, and the root stays "."', () => {
  assert.equal(normalizeName('E1234.A.AkamaiEdge.NET.'), 'e1234.a.akamaiedge.net');
  assert.equal(normalizeName('.'), '.');
});

test('failure messages name the phase, the code, the resolver and the target like dig users expect', () => {
  assert.equal(
    failureMessage('SERVFAIL', { host: '127.0.0.1', port: 5353, label: '127.0.0.1:5353' }, 'e1234.a.akamaiedge.net', 'A'),
    'dns: SERVFAIL from 127.0.0.1:5353 for e1234.a.akamaiedge.net (A)',
  );
  assert.equal(failureMessage('TIMEOUT', '[::1]:53', 'paytm.com', 'AAAA', 'no answer'), 'dns: TIMEOUT from [::1]:53 for paytm.com (AAAA): no answer');
});
