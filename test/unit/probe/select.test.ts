// selectAddresses as a table: which edges get probed, which are reported as skipped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectAddresses } from '../../../src/probe/select.ts';

const v4 = (n: number): string => `127.0.0.${n}`;
const v6 = (n: number): string => `fd00::${n}`;

const cases: { name: string; input: string[]; perFamily?: number; chosen: string[]; skipped: string[] }[] = [
  { name: 'nothing to probe when there are no addresses', input: [], chosen: [], skipped: [] },
  { name: 'keeps up to four IPv4 addresses in their order', input: [v4(1), v4(2), v4(3)], chosen: [v4(1), v4(2), v4(3)], skipped: [] },
  { name: 'skips the fifth and later IPv4 addresses', input: [1, 2, 3, 4, 5, 6].map(v4), chosen: [1, 2, 3, 4].map(v4), skipped: [v4(5), v4(6)] },
  { name: 'puts IPv4 before IPv6 whatever the input order', input: [v6(1), v4(1), v6(2), v4(2)], chosen: [v4(1), v4(2), v6(1), v6(2)], skipped: [] },
  { name: 'caps each family separately', input: [...[1, 2, 3, 4, 5].map(v6), ...[1, 2, 3, 4, 5].map(v4)], chosen: [...[1, 2, 3, 4].map(v4), ...[1, 2, 3, 4].map(v6)], skipped: [v4(5), v6(5)] },
  { name: 'honours a smaller cap', input: [v4(1), v4(2), v6(1), v6(2)], perFamily: 1, chosen: [v4(1), v6(1)], skipped: [v4(2), v6(2)] },
  { name: 'chooses nothing with a cap of zero', input: [v4(1), v6(1)], perFamily: 0, chosen: [], skipped: [v4(1), v6(1)] },
  { name: 'drops exact duplicates', input: [v4(1), v4(1), v4(2)], chosen: [v4(1), v4(2)], skipped: [] },
  { name: 'never probes a name that is not an IP literal, and reports it as skipped', input: ['edge.example', v4(1)], chosen: [v4(1)], skipped: ['edge.example'] },
];

describe('selectAddresses', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(selectAddresses(c.input, c.perFamily), { chosen: c.chosen, skipped: c.skipped });
    });
  }
});
