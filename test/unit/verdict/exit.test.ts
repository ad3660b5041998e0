import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Status } from '../../../src/types.ts';
import { combineExitCodes, exitCodeFor } from '../../../src/verdict/exit.ts';

describe('exitCodeFor', () => {
  const table: [Status, boolean, number][] = [
    ['up', false, 0],
    ['up', true, 0],
    ['degraded', false, 0],
    ['degraded', true, 4],
    ['site-outage', false, 1],
    ['provider-outage', false, 2],
    ['local-network', false, 3],
    ['inconclusive', false, 5],
    ['site-outage', true, 1],
    ['inconclusive', true, 5],
  ];
  for (const [status, strict, code] of table) {
    it(`${status}${strict ? ' with --strict' : ''} exits ${code}`, () => assert.equal(exitCodeFor(status, strict), code));
  }
});

describe('combineExitCodes', () => {
  const table: [number[], number][] = [
    [[], 0],
    [[0, 0], 0],
    [[0, 1, 2], 2],
    [[3, 1], 3],
    [[5, 2, 4], 5],
    [[5, 64], 64],
    [[64, 70, 5], 70],
    [[70, 0], 70],
  ];
  for (const [codes, expected] of table) {
    it(`[${codes.join(', ')}] combine to ${expected}`, () => assert.equal(combineExitCodes(codes), expected));
  }
});
