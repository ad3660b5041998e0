// Timing arithmetic: spans between instants on one clock, rounded, null when a step never got there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roundMs, span } from '../../../src/probe/timings.ts';

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
