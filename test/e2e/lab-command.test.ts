// `cdn-check lab`'s own surface (issue 15 §6): its help lists only the options it accepts, a subset of a
// scenario's targets can be run, and a mistyped scenario or target gets a one-line answer naming the right ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAB_OWNED } from '../../src/commands/lab-flags.ts';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';

test('lab --help lists no option the lab refuses or ignores', async () => {
  const help = await runCli(['lab', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: cdn-check lab \[options\] \[scenario\] \[targets\.\.\.\]/);
  const options = [...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9.-]+)/gm)].map((m) => m[1]);
  assert.ok(options.includes('--json') && options.includes('--latency') && options.includes('--timeout'), options.join(' '));
  for (const [, flag] of LAB_OWNED) {
    assert.ok(!options.includes(flag), `${flag} is not offered`);
    const refused = await runCli(['lab', 'healthy', flag, 'x']);
    assert.equal(refused.code, 64, `${flag} is refused`);
    assert.match(refused.stderr, new RegExp(`${flag} cannot be used with lab`));
  }
  for (const flag of ['--no-builtin-canaries', '--no-builtin-controls']) assert.ok(!options.includes(flag), flag);
});

test('lab <scenario> <target…> runs the scenario for those targets only, in any case or as URLs', async () => {
  const result = await runCli(['lab', 'akamai-2021', 'HOTSTAR.com', 'https://paytm.com/', '--json']);
  assert.equal(result.code, 2, result.stderr);
  const report = JSON.parse(result.stdout) as Report;
  assert.deepEqual(report.targets.map((t) => t.host), ['paytm.com', 'hotstar.com']);
  for (const t of report.targets) assert.equal(t.verdict.status, 'provider-outage');
});

const bad: [args: string[], says: RegExp][] = [
  [['lab', 'akamai'], /^cdn-check: unknown lab scenario "akamai" \(did you mean akamai-2021, akamai-edge-refused, akamai-one-property\?\); cdn-check lab --list lists them$/],
  [['lab', 'helthy'], /did you mean healthy\?/],
  [['lab', 'nothing-like-it'], /^cdn-check: unknown lab scenario "nothing-like-it"; cdn-check lab --list lists them$/],
  [['lab', 'akamai-2021', 'x.com'], /^cdn-check: lab akamai-2021 has no target "x\.com" \(its targets: paytm\.com, zomato\.com, hotstar\.com\)$/],
  [['lab', 'akamai-2021', 'paytm.com', 'not a host'], /has no target "not a host"/],
];
for (const [args, says] of bad) {
  test(`cdn-check ${args.join(' ')}: one line, exit 64`, async () => {
    const result = await runCli(args);
    assert.equal(result.code, 64);
    assert.equal(result.stdout, '');
    assert.match(result.stderr.trimEnd(), says);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
  });
}
