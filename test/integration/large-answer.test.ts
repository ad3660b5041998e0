// A name with thousands of A and AAAA records, answered over TCP by the lab (issue 12, §6): the text report shows a
// screenful of them and how many more, and comes back well inside the deadline; --json keeps every record.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario } from '../../src/lab/scenario.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import type { ZoneRecord } from '../../src/lab/zones.ts';
import { runCli } from '../helpers/cli.ts';
import { runAgainstLab } from '../helpers/lab.ts';

// 1,000 A (16 KB) and 1,000 AAAA (28 KB): too big for UDP, one TCP message each. (Some 2,000 A records over TCP
// time out in this lab today, in the DNS transport: left to the transport's owners, see the report of issue 12.)
const A = 1000;
const AAAA = 1000;
const records: ZoneRecord[] = [
  ...Array.from({ length: A }, (_, i): ZoneRecord => ({ name: 'big.large.example', type: 'A', data: `127.200.${i >> 8}.${i & 255}`, ttl: 60 })),
  ...Array.from({ length: AAAA }, (_, i): ZoneRecord => ({ name: 'big.large.example', type: 'AAAA', data: `fd00::${(i + 1).toString(16)}`, ttl: 60 })),
];
const scenario: Scenario = {
  name: 'large-answer',
  date: null,
  provider: null,
  title: 'one name, thousands of records',
  story: 'test only',
  sites: [{ host: 'www.large.example', cdn: null, dns: 'self' }],
  records,
  targets: ['big.large.example'],
  canaries: [],
  controls: [],
  expected: { exitCode: 0, targets: {} },
};

let lab: LabInstance;
before(async () => {
  lab = await startLab(scenario);
});
after(() => lab.close());

test(`${A} A and ${AAAA} AAAA records over TCP: the text report lists 10 of each and counts the rest`, async () => {
  const result = await runCli([...lab.args, '--fingerprint-only', '--no-color', '--deadline', '20000', 'big.large.example'], { killAfterMs: 60_000 });
  const more = (n: number): string => (n - 10).toLocaleString('en-US');
  assert.match(result.stdout, new RegExp(`\\+${more(A)} more A records`), result.stdout.slice(0, 2000));
  assert.match(result.stdout, new RegExp(`\\+${more(AAAA)} more AAAA records`));
  assert.match(result.stdout, /NOERROR\/tcp/, 'the answers came over TCP');
  assert.ok(result.stdout.split('\n').length < 100, `${result.stdout.split('\n').length} lines`);
});

test('--json keeps every record', async () => {
  const { report } = await runAgainstLab(lab, ['big.large.example'], ['--fingerprint-only', '--deadline', '20000'], { killAfterMs: 60_000 });
  const chain = report.targets[0]?.dns?.chain ?? [];
  assert.equal(chain.filter((h) => h.type === 'A').length, A);
  assert.equal(chain.filter((h) => h.type === 'AAAA').length, AAAA);
});
