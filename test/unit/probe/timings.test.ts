// Timing arithmetic: spans between instants on one clock, rounded, null when a step never got there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeTimings, roundMs, span, type ProbeInstants } from '../../../src/probe/timings.ts';

describe('timings', () => {
  it('rounds to hundredths of a millisecond', () => {
    assert.equal(roundMs(1.23456), 1.23);
    assert.equal(roundMs(2.999), 3);
  });

  it('measures the span between two instants', () => {
    assert.equal(span(100.5, 130.25), 29.75);
  });

  it('gives null for a span whose start or end never came', () => {
    assert.equal(span(10, undefined), null);
    assert.equal(span(null, 10), null);
  });

  it('clamps a span that runs backwards to zero', () => {
    assert.equal(span(10, 9), 0);
  });

  it('keeps consecutive spans adding up to the whole when the instants share a clock', () => {
    const [start, connected, secured, done] = [1000.123, 1010.456, 1030.789, 1080.001];
    const parts = (span(start, connected) ?? 0) + (span(connected, secured) ?? 0) + (span(secured, done) ?? 0);
    assert.ok(Math.abs(parts - (span(start, done) ?? 0)) <= 0.015);
  });
});

describe('edgeTimings (httpstat phases, curl -w cumulative times)', () => {
  const full: ProbeInstants = { namelookupMs: 5, start: 1000, connected: 1020, secured: 1050, firstByte: 1090, end: 1140, tls: true };

  it('splits a full probe into its five phases and their running sums', () => {
    assert.deepEqual(edgeTimings(full), {
      dnsLookup: 5, tcpConnection: 20, tlsHandshake: 30, serverProcessing: 40, contentTransfer: 50,
      namelookup: 5, connect: 25, pretransfer: 55, starttransfer: 95, total: 145,
    });
  });

  it('has no TLS phase for plain http, so pretransfer is the connect time', () => {
    const t = edgeTimings({ ...full, secured: 1020, tls: false });
    assert.equal(t.tlsHandshake, null);
    assert.equal(t.pretransfer, t.connect);
    assert.equal(t.serverProcessing, 70);
  });

  it('stops the phases where the probe stopped: a refused connect has only DNS and a total', () => {
    const t = edgeTimings({ ...full, connected: null, secured: null, firstByte: null, end: 1003 });
    assert.deepEqual([t.tcpConnection, t.tlsHandshake, t.serverProcessing, t.contentTransfer], [null, null, null, null]);
    assert.deepEqual([t.connect, t.pretransfer, t.starttransfer], [null, null, null]);
    assert.equal(t.total, 8);
  });

  it('ignores a later instant whose earlier step never finished (no first byte without a handshake)', () => {
    const t = edgeTimings({ ...full, secured: null });
    assert.equal(t.tlsHandshake, null);
    assert.equal(t.serverProcessing, null);
    assert.equal(t.starttransfer, null);
    assert.equal(t.total, 145);
  });

  it('counts DNS as zero for IP targets and pinned addresses', () => {
    const t = edgeTimings({ ...full, namelookupMs: 0 });
    assert.equal(t.namelookup, 0);
    assert.equal(t.connect, 20);
  });
});
