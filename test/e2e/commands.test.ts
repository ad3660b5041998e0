// Words the CLI owns are commands, never hosts (issue 15 §5): `help`, `version`, `providers`, and a typo of a
// command is a usage error — checked against a running lab resolver, which must not be asked about any of them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findScenario } from '../../src/lab/scenarios/index.ts';
import { PROVIDERS } from '../../src/fingerprint/providers.ts';
import { runCli } from '../helpers/cli.ts';
import { useLab } from '../helpers/lab.ts';

/** The lab both suites below run against (a scenario with a resolver that records what it was asked). */
function akamai2021(): NonNullable<ReturnType<typeof findScenario>> {
  const scenario = findScenario('akamai-2021');
  assert.ok(scenario);
  return scenario;
}

test('cdn-check help is --help, and help <command> is that command\'s help', async () => {
  const [help, flag, lab] = await Promise.all([runCli(['help']), runCli(['--help']), runCli(['help', 'lab'])]);
  assert.equal(help.code, 0);
  assert.equal(help.stdout, flag.stdout);
  assert.match(help.stdout, /a host named like one\s+is written as a URL \(https:\/\/lab\/\) or with a trailing dot \(lab\.\)/);
  assert.match(help.stdout, /providers \[options\]\s+list every provider id/);
  assert.equal(lab.code, 0);
  assert.match(lab.stdout, /^Usage: cdn-check lab /);
});

test('cdn-check version prints the version, as -V does', async () => {
  const [word, flag] = await Promise.all([runCli(['version']), runCli(['-V'])]);
  assert.equal(word.code, 0);
  assert.match(word.stdout, /^\d+\.\d+\.\d+\n$/);
  assert.equal(word.stdout, flag.stdout);
});

test('cdn-check providers lists every provider id; --json is the same as data', async () => {
  const [text, json] = await Promise.all([runCli(['providers']), runCli(['providers', '--json'])]);
  assert.equal(text.code, 0, text.stderr);
  for (const p of PROVIDERS) assert.match(text.stdout, new RegExp(`^${p.id}  ${p.name.replace(/[()]/g, '\\$&')}`, 'm'));
  const doc = JSON.parse(json.stdout) as { schemaVersion: number; providers: { id: string; canaries: Record<string, string[]> }[] };
  assert.equal(doc.schemaVersion, 1);
  assert.deepEqual(doc.providers.map((p) => p.id), PROVIDERS.map((p) => p.id));
  assert.ok(doc.providers.find((p) => p.id === 'akamai')?.canaries.cdn?.includes('www.akamai.com'));
});

describe('command words against a running lab resolver: nothing is resolved for them', () => {
  const lab = useLab(akamai2021());
  const asked = (): string[] => lab().resolvers.flatMap((r) => [...r.askedNames()]);

  const cases: [args: string[], code: number, says: RegExp][] = [
    [['help'], 0, /^Usage: cdn-check/],
    [['version'], 0, /^\d+\.\d+\.\d+/],
    [['providers'], 0, /^\d+ providers\./],
    [['labs'], 64, /"labs" is not a command \(did you mean lab\?\); a host named so is written as a URL \(https:\/\/labs\/\) or with a trailing dot \(labs\.\)/],
    [['halp'], 64, /did you mean help\?/],
    [['Version'], 64, /"version" is a command, not a target here/],
    [['wacth', 'paytm.com'], 64, /did you mean watch\?/],
    [['paytm.com', 'lab'], 64, /"lab" is a command, not a target here/],
    [['watch', 'providers'], 64, /"providers" is a command/],
    [['audit', 'help'], 64, /"help" is a command/],
    [['audit'], 64, /no target given/],
  ];
  for (const [args, code, says] of cases) {
    test(`cdn-check ${args.join(' ')}: exit ${code}, and the resolver was asked nothing`, async () => {
      const result = await runCli([...lab().args, ...args]);
      assert.equal(result.code, code, result.stderr);
      assert.match(code === 0 ? result.stdout : result.stderr, says);
      if (code !== 0) assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.deepEqual(asked(), []);
    });
  }

  test('the same word written as a URL or with a trailing dot is a host, and is resolved', async () => {
    const url = await runCli([...lab().args, '--json', 'https://labs/']);
    assert.notEqual(url.code, 64, url.stderr);
    assert.ok(asked().includes('labs'), `asked: ${asked().join(', ')}`);
    const dotted = await runCli([...lab().args, '--json', 'help.']);
    assert.notEqual(dotted.code, 64, dotted.stderr);
    assert.ok(asked().includes('help'), `asked: ${asked().join(', ')}`);
  });
});

describe('targets from a pipe: no target and a stdin that is not a terminal (issue 15 §7)', () => {
  const lab = useLab(akamai2021());

  test('each line piped in is a target; the run is the same as with them on the command line', async () => {
    const result = await runCli([...lab().args, '--ndjson'], { stdin: 'paytm.com\n# a comment\nhotstar.com\n' });
    assert.equal(result.code, 2, result.stderr);
    const hosts = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { host: string }).host);
    assert.deepEqual(hosts.sort(), ['hotstar.com', 'paytm.com']);
    const asked = lab().resolvers.flatMap((r) => [...r.askedNames()]);
    assert.ok(asked.includes('paytm.com') && asked.includes('hotstar.com'), asked.join(', '));
  });

  test('an empty pipe is "no target given", exit 64', async () => {
    const result = await runCli([...lab().args], { stdin: '' });
    assert.equal(result.code, 64);
    assert.match(result.stderr, /^cdn-check: no target given/);
  });
});
