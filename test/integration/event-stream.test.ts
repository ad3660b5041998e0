// The run's event stream on a real lab scenario: each host's events come in the documented order, the early
// signals arrive before what they set off (canaries started from a target's first CNAME, peers probed only
// after a target's trouble, the first probe stopping the warm-ups), and the --debug timeline is exactly the
// events, line for line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildOptions } from '../../src/options.ts';
import { run } from '../../src/run/run.ts';
import type { RunEvent } from '../../src/run/events.ts';
import { timelineLine } from '../../src/render/timeline.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { startLab } from '../../src/lab/start.ts';
import { labFlags } from '../helpers/lab.ts';
import type { Report } from '../../src/types.ts';

interface Heard {
  events: RunEvent[];
  timeline: string[];
  stderr: string;
  report: Report;
}

async function listen(scenarioName: string, target: string): Promise<Heard> {
  const scenario = SCENARIOS.find((s) => s.name === scenarioName)!;
  const lab = await startLab(scenario);
  try {
    const flags = labFlags(lab.setup, { debug: true });
    const options = buildOptions([target], flags, { stdout: {}, env: {} }, { isProvider: () => true });
    let out = '';
    let err = '';
    const events: RunEvent[] = [];
    const timeline: string[] = [];
    const stdout = new Writable({ write: (chunk, _e, cb) => ((out += String(chunk)), cb()) });
    const stderr = new Writable({ write: (chunk, _e, cb) => ((err += String(chunk)), cb()) });
    await run(options, {
      stdout,
      stderr,
      env: {},
      onEvent: (event, at) => {
        events.push(event);
        timeline.push(timelineLine(event, at));
      },
    });
    return { events, timeline, stderr: err, report: JSON.parse(out) as Report };
  } finally {
    await lab.close();
  }
}

/** "type host" for each event about `host`, in order. */
function of(events: RunEvent[], host: string): string[] {
  return events.flatMap((e) => (e.type !== 'log' && e.host === host ? [e.type === 'cdn-name' ? `cdn-name ${e.provider}` : e.type === 'trouble' ? `trouble ${e.from}` : e.type] : []));
}

function indexOf(events: RunEvent[], match: (e: RunEvent) => boolean): number {
  return events.findIndex(match);
}

test('Akamai 2021: the target tells its DNS trouble and its CDN early, canaries start from that, and nothing probes its edges', async () => {
  const { events, timeline, stderr, report } = await listen('akamai-2021', 'paytm.com');
  assert.equal(report.targets[0]?.verdict.status, 'provider-outage');

  const own = of(events, 'paytm.com');
  // The documented order (events.ts); the speculative first CNAME and the failed A/AAAA race, so only
  // what must come first is checked.
  assert.equal(own[0], 'resolving', own.join('\n'));
  assert.deepEqual(own.slice(-2), ['dns-fingerprint', 'observed'], own.join('\n'));
  assert.equal(own.filter((e) => e === 'trouble dns').length, 1, own.join('\n'));
  assert.ok(own.indexOf('hop') < own.indexOf('cdn-name akamai'), 'a hop comes before the CDN it names');
  assert.ok(!own.includes('probe-start') && !own.includes('addresses') && !own.includes('probe'), 'DNS failed: no address, no probe');

  // The first CNAME into Akamai's zone started Akamai's canaries, before the target's DNS stage ended.
  const firstCdnName = indexOf(events, (e) => e.type === 'cdn-name' && e.host === 'paytm.com');
  const canariesStart = indexOf(events, (e) => e.type === 'log' && e.stage === 'canary');
  const canaryResolving = indexOf(events, (e) => e.type === 'resolving' && e.kind === 'canary');
  const targetDnsDone = indexOf(events, (e) => e.type === 'dns-fingerprint' && e.host === 'paytm.com');
  assert.ok(firstCdnName < canariesStart && canariesStart < canaryResolving && canaryResolving < targetDnsDone, timeline.join(''));

  // Peers hold their probes until a target shows trouble.
  const trouble = indexOf(events, (e) => e.type === 'trouble' && e.kind === 'target');
  const firstPeerProbe = indexOf(events, (e) => e.type === 'probe-start' && e.kind !== 'target');
  assert.ok(trouble >= 0 && firstPeerProbe > trouble, timeline.join(''));

  // Every host ends with one `observed`, and its verdict is the report's.
  const observed = events.filter((e): e is Extract<RunEvent, { type: 'observed' }> => e.type === 'observed');
  const target = observed.find((e) => e.host === 'paytm.com');
  assert.equal(target?.observation.code, 'SERVFAIL');
  assert.equal(observed.filter((e) => e.kind === 'canary').length, report.targets[0]?.canaries.length);
  for (const canary of report.targets[0]?.canaries ?? []) {
    assert.equal(observed.find((e) => e.host === canary.host)?.observation.health === 'down', canary.status === 'down', canary.host);
  }

  // The --debug timeline is the events, line for line.
  assert.deepEqual(stderr.split(/(?<=\n)/).filter((l) => l.startsWith('[+')), timeline);
});

test('healthy: no target tells trouble, its own probes start first (the warm-ups stop then), each edge is told once', async () => {
  const { events, report } = await listen('healthy', 'www.akamai.com');
  assert.equal(report.targets[0]?.verdict.status, 'up');
  assert.ok(!events.some((e) => e.type === 'trouble' && e.kind === 'target'), 'no trouble from a healthy target');
  const own = of(events, 'www.akamai.com');
  assert.deepEqual(
    own.filter((e) => !['hop', 'cdn-name akamai'].includes(e)),
    ['resolving', 'addresses', 'probe-start', 'dns-fingerprint', 'probe', 'probe', 'observed'],
    own.join('\n'),
  );
  const firstProbeStart = events.find((e) => e.type === 'probe-start');
  assert.equal(firstProbeStart?.type === 'probe-start' && firstProbeStart.host, 'www.akamai.com');
  const probed = events.flatMap((e) => (e.type === 'probe' && e.host === 'www.akamai.com' ? [e.probe.address] : []));
  assert.deepEqual(probed.sort(), report.targets[0]!.probes.map((p) => p.address).sort());
});
