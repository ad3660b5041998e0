// The timing model: marks on one clock become per-step durations that add up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phases, roundMs, since, span } from '../../../src/probe/timings.ts';

describe('timings', () => {
  it('rounds to hundredths of a millisecond', () => {
    assert.equal(roundMs(1.23456), 1.23);
    assert.equal(roundMs(0.005), 0.01);
  });

  it('gives null for a span whose end never came', () => {
    assert.equal(span(10, undefined), null);
    assert.equal(span(undefined, 10), null);
  });

  it('clamps a span that runs backwards to zero', () => {
    assert.equal(span(10, 9), 0);
    assert.equal(since(10, 9), 0);
  });

  it('splits a complete https probe into steps that add up to the total', () => {
    const p = phases({ start: 100, connected: 110.5, secured: 130.25, requestSent: 131, headers: 171, done: 180 });
    assert.deepEqual(p, { connectMs: 10.5, tlsMs: 19.75, firstByteMs: 40, httpMs: 49.75 });
    assert.equal((p.connectMs ?? 0) + (p.tlsMs ?? 0) + (p.httpMs ?? 0), 80);
  });

  it('starts the HTTP step after TCP when there is no TLS', () => {
    const p = phases({ start: 0, connected: 5, requestSent: 6, headers: 9, done: 12 });
    assert.equal(p.tlsMs, null);
    assert.equal(p.httpMs, 7);
  });

  it('leaves the steps that never finished null', () => {
    assert.deepEqual(phases({ start: 0, connected: 3 }), { connectMs: 3, tlsMs: null, firstByteMs: null, httpMs: null });
  });
});
