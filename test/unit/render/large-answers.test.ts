// A name with thousands of records renders bounded (issue 12, §6): a screenful of records per name and type, then
// "+N more A records"; the JSON keeps every record. (Render time is measured in bench/inputs.ts, not here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, renderText, makePalette } from '../../../src/render/index.ts';
import { RECORDS_SHOWN } from '../../../src/render/sections.ts';
import type { Hop, Report } from '../../../src/types.ts';
import { healthyCloudflare } from '../../fixtures/reports.ts';

function manyRecords(count: number): Report {
  const base = healthyCloudflare.targets[0]!;
  const hop = (type: 'A' | 'AAAA', i: number): Hop => ({
    name: 'big.example', type, data: type === 'A' ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `fd00::${i.toString(16)}`,
    ttl: 60, rcode: 'NOERROR', resolver: '127.0.0.1:53', ms: 12, tcp: true,
  });
  const chain = [...Array.from({ length: count }, (_, i) => hop('A', i)), ...Array.from({ length: count }, (_, i) => hop('AAAA', i))];
  const skipped = chain.slice(4).map((h) => h.data!);
  return { ...healthyCloudflare, targets: [{ ...base, dns: { ...base.dns!, chain, addresses: chain.map((h) => h.data!) }, skippedAddresses: skipped }] };
}

for (const verbose of [false, true]) {
  test(`6,000 A and 6,000 AAAA records: ${RECORDS_SHOWN} of each shown and "+${(6000 - RECORDS_SHOWN).toLocaleString('en-US')} more" said${verbose ? ' (verbose)' : ''}`, () => {
    const text = renderText(manyRecords(6000), { palette: makePalette(false), verbose, width: 120 });
    assert.match(text, /\+5,990 more A records/);
    assert.match(text, /\+5,990 more AAAA records/);
    assert.match(text, /\+11,986 more addresses/, 'the addresses not probed are counted, not listed');
    assert.ok(text.split('\n').length < 120, `${text.split('\n').length} lines`);
    assert.ok(!text.includes('10.0.23.112'), 'record 6,000 is not listed');
  });
}

test('a few records are all listed, and JSON keeps all 12,000', () => {
  const few = renderText(manyRecords(3), { palette: makePalette(false), verbose: false });
  assert.doesNotMatch(few, /more A record/);
  assert.equal((few.match(/big\.example/g) ?? []).length >= 6, true);
  const json = JSON.parse(renderJson(manyRecords(6000))) as Report;
  assert.equal(json.targets[0]?.dns?.chain.length, 12_000);
});
