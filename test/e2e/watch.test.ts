// `cdn-check watch` end to end against the lab: edges whose answers change from one request to the next play a
// down → up timeline and a flapping failure; the real binary is spawned, as in CI or at a terminal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { EdgeBehaviour } from '../../src/lab/edges.ts';
import type { Scenario } from '../../src/lab/scenario.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { findPtyTool, runInPty } from '../helpers/pty.ts';

const base = SCENARIOS.find((s) => s.name === 'cloudflare-2025')!;
// The scenario's own answers: Cloudflare's branded 500 and its 200 (its flapping sequence holds both).
const [bad, , good] = (base.sites[0]!.behaviour as Extract<EdgeBehaviour, { kind: 'sequence' }>).steps as [EdgeBehaviour, EdgeBehaviour, EdgeBehaviour];
const STEPS = { down: bad, up: good } as const;

/**
 * cloudflare-2025 with x.com answering, round after round, as `steps` says (each edge advances once a round:
 * one request per edge address per check), its canaries and controls healthy.
 */
function timeline(steps: (keyof typeof STEPS)[]): Scenario {
  return {
    ...base,
    name: `watch-${steps.join('-')}`,
    sites: base.sites.map((site) => (site.host === 'x.com' ? { ...site, behaviour: { kind: 'sequence', steps: steps.map((s) => STEPS[s]) } } : { ...site, behaviour: 'healthy' })),
    targets: ['x.com'],
  };
}

interface Event {
  event: string;
  [key: string]: unknown;
}
const events = (stdout: string): Event[] => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event);

const labs: LabInstance[] = [];
after(() => Promise.all(labs.map((l) => l.close())));
async function lab(scenario: Scenario): Promise<LabInstance> {
  const l = await startLab(scenario);
  labs.push(l);
  return l;
}
/** `watch --ndjson x.com` every 50 ms (40 s at most) until it prints a flapping event, then Ctrl-C; what it printed and its code. */
async function watchUntilFlapping(l: LabInstance): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [BIN, 'watch', ...l.args, '--every', '50ms', '--for', '40s', '--ndjson', 'x.com'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HTTPS_PROXY: undefined, https_proxy: undefined } as NodeJS.ProcessEnv });
  let out = '';
  const flapped = new Promise<void>((resolve) =>
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('"event":"flapping"')) resolve();
    }),
  );
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await Promise.race([flapped, closed]);
  child.kill('SIGINT');
  return { code: await closed, out };
}
const watch = (l: LabInstance, args: string[], killAfterMs = 60_000) => runCli(['watch', ...l.args, '--every', '100ms', ...args, 'x.com'], { env: { TZ: 'UTC' }, killAfterMs });

describe('cdn-check watch', () => {
  test('--until up: a site down for two checks, then up, ends the watch with 0 at the third', async () => {
    const l = await lab(timeline(['down', 'down', 'up']));
    const r = await watch(l, ['--until', 'up']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.filter((line) => / x\.com {2}(PROVIDER|SITE) OUTAGE /.test(line)).length, 2, r.stdout);
    assert.match(r.stdout, /^\d\d:\d\d:\d\d x\.com {2}UP {2}/m);
    assert.match(r.stdout, /^\d\d:\d\d:\d\d x\.com {2}changed: (PROVIDER|SITE) OUTAGE → UP · down \d+/m);
    assert.match(r.stdout, /watch ended after 3 rounds \([^)]*\): every target is up · exit 0/);
    assert.ok(!r.stdout.includes('\u001b'), 'no cursor movement or colour when stdout is not a terminal');
  });

  test('--until change with --ndjson: check and transition events, and the new verdict’s code', async () => {
    const l = await lab(timeline(['up', 'down']));
    const r = await watch(l, ['--until', 'change', '--ndjson']);
    const all = events(r.stdout);
    assert.deepEqual(all.map((e) => e.event), ['check', 'check', 'transition', 'end'], r.stdout);
    const [first, second, change, end] = all as [Event, Event, Event, Event];
    assert.equal(first.status, 'up');
    assert.ok(typeof second.exitCode === 'number' && second.exitCode !== 0, 'the second check is down');
    assert.equal(change.from, 'up');
    assert.equal(change.to, second.status);
    assert.equal(r.code, second.exitCode, 'exit code of the new verdict');
    assert.equal(end.reason, 'until-change');
    assert.equal(end.exitCode, r.code);
    for (const e of all) assert.ok(!Number.isNaN(Date.parse(String(e.at))), `an ISO time on ${e.event}`);
  });

  test('--for bounds the watch and exits with the last verdict’s code', async () => {
    const l = await lab(timeline(['down']));
    // Long enough for a first check even on a loaded machine (a --for that cuts the first check exits 5).
    const r = await watch(l, ['--for', '6s', '--ndjson']);
    const all = events(r.stdout);
    const end = all.at(-1)!;
    assert.equal(end.event, 'end');
    assert.equal(end.reason, 'for');
    const lastCheck = all.filter((e) => e.event === 'check').at(-1);
    assert.ok(lastCheck && lastCheck.exitCode !== 0, r.stdout);
    assert.equal(r.code, lastCheck.exitCode);
    assert.ok(r.ms < 25_000, `bounded (${Math.round(r.ms)} ms)`);
  });

  test('a flapping edge is named: three transitions give a flapping event with the pattern', async () => {
    const l = await lab(timeline(['down', 'up']));
    const { code, out } = await watchUntilFlapping(l);
    assert.equal(code, 130, 'Ctrl-C ends the watch with 130');
    const all = events(out);
    const flapping = all.find((e) => e.event === 'flapping');
    assert.ok(flapping, out);
    assert.equal(flapping.flapping, true);
    assert.equal(flapping.transitions, 3);
    const pattern = flapping.pattern as string[];
    assert.equal(pattern.length, 4);
    assert.deepEqual([pattern[1], pattern[3]], ['up', 'up']);
    assert.equal(all.at(-1)?.event, 'end');
    assert.equal(all.at(-1)?.reason, 'interrupted');
    assert.equal((all.at(-1)?.targets as { flapping: boolean }[])[0]?.flapping, true);
  });

  test('--until down stops at the first check that is not up, with its code', async () => {
    const l = await lab(timeline(['up', 'up', 'down']));
    const r = await watch(l, ['--until', 'down', '--ndjson']);
    const all = events(r.stdout);
    assert.deepEqual(all.map((e) => e.event), ['check', 'check', 'check', 'transition', 'end'], r.stdout);
    assert.equal(all.at(-1)?.reason, 'until-down');
    assert.ok(r.code !== 0 && r.code === all[2]?.exitCode);
  });

  test('a reader that goes away (| head -1) ends the watch by itself', async () => {
    const l = await lab(timeline(['up']));
    const child = spawn(process.execPath, [BIN, 'watch', ...l.args, '--every', '50ms', 'x.com'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HTTPS_PROXY: undefined, https_proxy: undefined } as NodeJS.ProcessEnv });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdout.once('data', () => child.stdout.destroy());
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await closed;
    clearTimeout(killer);
    assert.notEqual(code, null, 'it exited on its own, not killed');
  });

  test('Ctrl-C prints the summary and exits 130', async () => {
    const l = await lab(timeline(['up']));
    const child = spawn(process.execPath, [BIN, 'watch', ...l.args, '--every', '100ms', 'x.com'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HTTPS_PROXY: undefined, https_proxy: undefined } as NodeJS.ProcessEnv });
    let out = '';
    const checked = new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), out.includes(' UP ') && resolve())));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([checked, closed]);
    child.kill('SIGINT');
    assert.equal(await closed, 130);
    assert.match(out, /watch ended after \d+ rounds? \([^)]*\): interrupted · exit 130\nx\.com {2}UP /);
  });
});

const tool = findPtyTool();

test('in a terminal, one screen redrawn in place: verdict, timeline and next check, then the summary', { skip: tool ? false : 'no pseudo-terminal tool here' }, async () => {
  assert.ok(tool);
  const l = await lab(timeline(['down', 'up']));
  const env = { ...process.env, TZ: 'UTC', CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, HTTPS_PROXY: undefined, https_proxy: undefined };
  const { code, transcript } = await runInPty(tool, ['watch', ...l.args, '--every', '100ms', '--until', 'up', 'x.com'], { env, cols: 100, killAfterMs: 60_000 });
  assert.equal(code, 0, JSON.stringify(transcript.slice(-500)));
  // eslint-disable-next-line no-control-regex -- the redraw: back over the previous screen's rows, then clear
  const redraws = [...transcript.matchAll(/\u001b\[(\d+)A\r\u001b\[J/g)];
  assert.equal(redraws.length, 1, 'the second screen replaced the first');
  assert.equal(redraws[0]?.[1], '3', 'header, verdict line and timeline: three rows');
  // eslint-disable-next-line no-control-regex -- colours removed to read the text
  const text = transcript.replace(/\u001b\[[0-9;]*m/g, '');
  assert.match(text, /cdn-check watch · every 100ms · round 1 · next check \d\d:\d\d:\d\d/);
  assert.match(text, /\d\d:\d\d:\d\d (PROVIDER|SITE) OUTAGE → \d\d:\d\d:\d\d UP · down \d+/);
  assert.match(text, /watch ended after 2 rounds \([^)]*\): every target is up · exit 0/);
});

describe('cdn-check watch: bad input is a usage error', () => {
  let l: LabInstance;
  before(async () => (l = await lab(timeline(['up']))));
  for (const [args, message] of [
    [['--every', '5x'], /--every "5x" is not a duration/],
    [['--every', '1ms'], /--every 1ms is out of range \(10ms–24h\)/],
    [['--until', 'sideways'], /--until "sideways" is not one of: up, change, down/],
    [['--for', '0'], /--for 0 would end the watch/],
    [['--for', '30d'], /--for "30d" is not a duration/],
    [['--for', '200h'], /--for 200h is out of range \(0ms–168h\)/],
    [['--json'], /use --ndjson instead of --json/],
  ] as [string[], RegExp][]) {
    test(`${args.join(' ')}: one line, exit 64`, async () => {
      const r = await runCli(['watch', ...l.args, ...args, 'x.com']);
      assert.equal(r.code, 64);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    });
  }
});

// ── issue 17 §4: the lab plays the incidents over time, scenarios as they ship ──
describe('cdn-check watch through the lab’s incident timelines', () => {
  test('fastly-2021-recovery: --until up waits through the 503s and exits 0 when Fastly is back', async () => {
    const l = await lab(SCENARIOS.find((s) => s.name === 'fastly-2021-recovery')!);
    const r = await runCli(['watch', ...l.args, '--every', '100ms', '--until', 'up', '--ndjson', 'www.gov.uk'], { env: { TZ: 'UTC' }, killAfterMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    const all = events(r.stdout);
    const checks = all.filter((e) => e.event === 'check');
    assert.ok(checks.length >= 2, r.stdout);
    assert.equal(checks[0]?.status, 'provider-outage', 'the first check sees Fastly’s 503s');
    assert.equal(checks[0]?.provider, 'fastly');
    assert.equal(checks.at(-1)?.status, 'up');
    assert.equal(all.at(-1)?.reason, 'until-up');
    // Each down check read Fastly's status feed once (an up check reads none): the timeline moved with it.
    assert.equal(l.status.reads('fastly'), checks.filter((c) => c.status !== 'up').length);
  });

  test('cloudflare-2025 as it ships: its edges flap between 500 and 200, and watch names it flapping', async () => {
    const l = await lab(SCENARIOS.find((s) => s.name === 'cloudflare-2025')!);
    const { out } = await watchUntilFlapping(l);
    const flapping = events(out).find((e) => e.event === 'flapping');
    assert.ok(flapping, out);
    assert.ok((flapping.transitions as number) >= 3);
  });
});
