// Nothing from the network reaches the terminal raw. The `hostile` lab scenario puts escape sequences, OSC 8
// links, BEL, CR, bidi overrides and overlong strings into CNAME data, NS names, the reason phrase, headers,
// the error page and the certificate; the text report must show them defanged, and --json must carry them
// exactly, escaped. The JSON checks come first: they prove the hostile bytes really arrived.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import type { EdgeProbe, Report, TargetReport } from '../../src/types.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { ndjsonLineErrors, reportErrors } from '../helpers/schema.ts';

const hostile = SCENARIOS.find((s) => s.name === 'hostile');
const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
/** Anything a terminal acts on or that hides or reorders text: C0 but LF, DEL, C1, bidi controls, zero-width. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
/** The colours cdn-check itself prints: SGR sequences only, never cursor moves, titles or links. */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const OWN_SGR = /\u001b\[[0-9;]*m/g;
const LONGEST_LINE = 1024;

function unsafeAt(text: string): string | null {
  const match = UNSAFE.exec(text);
  if (!match) return null;
  return `U+${match[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 30))}`;
}

function assertTerminalSafe(label: string, text: string): void {
  assert.equal(unsafeAt(text), null, `${label}: a raw control, escape or bidi character`);
  const longest = Math.max(...text.split('\n').map((line) => line.length));
  assert.ok(longest <= LONGEST_LINE, `${label}: the longest line has ${longest} characters; overlong network text must be cut`);
}

function hostileOnly(report: Report): { target: TargetReport; probe: EdgeProbe } {
  assert.equal(report.targets.length, 1);
  const target = report.targets[0]!;
  assert.equal(target.probes.length, 1, 'one edge');
  return { target, probe: target.probes[0]! };
}

describe('the hostile lab scenario', { concurrency: 3 }, () => {
  assert.ok(hostile, 'the hostile scenario is registered');
  const originals = {
    cname: hostile.records?.find((r) => r.name === 'www.hostile.example')?.data ?? '',
    ns: hostile.records?.find((r) => r.type === 'NS')?.data ?? '',
    subject: (() => {
      const cert = hostile.sites[0]?.cert;
      return typeof cert === 'object' ? (cert.subject.commonName ?? '') : '';
    })(),
  };
  let json: CliResult;
  before(async () => {
    json = await runCli(['lab', 'hostile', '--json']);
  });

  test('--json is one valid, schema-valid document with no raw control, C1 or bidi character in it', () => {
    assert.equal(json.stderr, '');
    assert.equal(json.code, 1);
    assert.equal(unsafeAt(json.stdout), null);
    assert.deepEqual(reportErrors(JSON.parse(json.stdout)), []);
  });

  test('--json carries every hostile original exactly, as escaped data: CNAME and NS names, reason phrase, headers, body, certificate subject', () => {
    const report = JSON.parse(json.stdout) as Report;
    const { target, probe } = hostileOnly(report);
    assert.ok(originals.cname.includes(ESC) && originals.cname.includes('\r') && originals.cname.includes(RLO), 'the scenario is hostile');
    assert.equal(target.dns?.chain[0]?.data, originals.cname.toLowerCase());
    assert.equal(target.dns?.chain[1]?.name, originals.cname.toLowerCase());
    assert.ok(target.dns?.nameservers.includes(originals.ns), `NS ${JSON.stringify(target.dns?.nameservers)}`);
    assert.equal(probe.tls?.subject, originals.subject);

    const http = probe.http;
    assert.ok(http, 'the HTTP step ran');
    assert.equal(http.status, 503);
    assert.ok(http.reason?.includes(`${ESC}[2J${ESC}[H${ESC}]0;pwned${BEL}`), `reason ${JSON.stringify(http.reason?.slice(0, 80))}`);
    assert.ok(http.reason?.includes(`${ESC}]8;;https://evil.example/${BEL}click${ESC}]8;;${BEL}`), 'the OSC 8 link in the reason phrase');
    assert.ok((http.reason?.length ?? 0) > 2000, 'the overlong reason phrase is kept whole in JSON');
    assert.match(String(http.headers.server), /\u009b31m/, 'the 8-bit CSI in a header value');
    assert.equal(String(http.headers['x-long']).length, 4000);
    assert.ok(http.body.startsWith(`<html>${ESC}[2J${ESC}[H`), 'the body starts with clear-screen');
    assert.ok(http.body.includes(`\r\n${BEL}${RLO}gnp.exe\rOVERWRITTEN`), 'BEL, the bidi override and the CR in the body');
    assert.equal(http.bodyTruncated, true, 'the 20 KB body was cut to what the prober keeps');
  });

  test('--ndjson lines are schema-valid and hold no raw control, C1 or bidi character', async () => {
    const result = await runCli(['lab', 'hostile', '--ndjson']);
    assert.equal(result.code, 1);
    assert.equal(unsafeAt(result.stdout), null);
    for (const line of result.stdout.trimEnd().split('\n')) assert.deepEqual(ndjsonLineErrors(JSON.parse(line)), []);
  });

  for (const args of [[], ['--verbose'], ['--verbose', '--debug']]) {
    test(`the text report${args.length ? ` with ${args.join(' ')}` : ''} shows the hostile text defanged: no ESC, BEL, CR, C1 or bidi character, and no overlong line, on stdout or stderr`, async () => {
      const result = await runCli(['lab', 'hostile', ...args]);
      assert.equal(result.code, 1);
      assertTerminalSafe('stdout', result.stdout);
      assertTerminalSafe('stderr', result.stderr);
      assert.match(result.stdout, /^www\.hostile\.example {2}SITE OUTAGE {2}/);
      // What is left is still shown: the words survive, the sequences around them do not.
      assert.ok(result.stdout.includes('redbell crtxt.x.hostile.example'), 'the CNAME, its CR as a space');
      if (args.includes('--verbose')) {
        for (const word of ['gnp.exe', 'OVERWRITTEN', 'click me', 'ns.evil.example', '503 Unavailable']) assert.ok(result.stdout.includes(word), `shows ${word}`);
        assert.ok(result.stdout.includes('…'), 'overlong values are cut with an ellipsis');
      }
      if (args.includes('--debug')) assert.ok(result.stderr.length > 0, '--debug logged steps');
    });
  }

  test('with colours forced, the only escape sequences in the report are cdn-check\'s own colour codes', async () => {
    const result = await runCli(['lab', 'hostile', '--verbose'], { env: { FORCE_COLOR: '1' } });
    assert.equal(result.code, 1);
    assert.ok((result.stdout.match(OWN_SGR) ?? []).length > 0, 'colours are on');
    assertTerminalSafe('stdout without its colour codes', result.stdout.replace(OWN_SGR, ''));
  });
});
