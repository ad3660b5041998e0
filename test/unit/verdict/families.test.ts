// A path that is broken for one address family only (IPv6 from many home and hotel networks): the target still
// answers, and the note says which family failed, not a list of addresses that looks like a failing edge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { observe, type ObserveInput } from '../../../src/verdict/observe.ts';
import { NO_FINGERPRINT, dnsOk, probeHttp, probeTcpFail } from './fixtures.ts';

const HOST = 'www.site.test';
const V4 = ['127.20.0.1', '127.20.0.2'];
const V6 = ['fd00:cdc:20::1', 'fd00:cdc:20::2'];

function input(probes: ObserveInput['probes']): ObserveInput {
  return { host: HOST, dns: dnsOk(HOST, { addresses: [...V4, ...V6] }), probes, fingerprint: NO_FINGERPRINT };
}

describe('failures that split by address family', () => {
  it('every IPv6 edge unreachable and every IPv4 edge fine is degraded: "IPv6 edges unreachable (ENETUNREACH), IPv4 fine"', () => {
    const o = observe(input([...V4.map((a) => probeHttp(a, 200)), ...V6.map((a) => probeTcpFail(a, 'ENETUNREACH'))]));
    assert.equal(o.health, 'degraded');
    assert.deepEqual(o.notes, ['IPv6 edges unreachable (ENETUNREACH), IPv4 fine']);
  });

  it('the other way round reads "IPv4 edges unreachable …, IPv6 fine"', () => {
    const o = observe(input([...V4.map((a) => probeTcpFail(a, 'EHOSTUNREACH')), ...V6.map((a) => probeHttp(a, 200))]));
    assert.deepEqual(o.notes, ['IPv4 edges unreachable (EHOSTUNREACH), IPv6 fine']);
  });

  it('an IPv6 edge failing while another IPv6 edge answers is an edge problem: the addresses are listed', () => {
    const o = observe(input([...V4.map((a) => probeHttp(a, 200)), probeTcpFail(V6[0]!, 'ECONNREFUSED'), probeHttp(V6[1]!, 200)]));
    assert.equal(o.health, 'degraded');
    assert.match(o.notes[0] ?? '', /^1 of 4 edge addresses failed: fd00:cdc:20::1/);
  });

  it('failures in both families are listed by address, not blamed on a family', () => {
    const o = observe(input([probeTcpFail(V4[0]!, 'ECONNREFUSED'), probeHttp(V4[1]!, 200), probeTcpFail(V6[0]!, 'ENETUNREACH'), probeHttp(V6[1]!, 200)]));
    assert.doesNotMatch(o.notes.join(' '), /edges unreachable/);
  });
});
