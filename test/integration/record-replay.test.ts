// --record and `cdn-check replay`: every lab scenario is run and recorded in-process, then replayed with the lab
// gone (any packet the replay sent would find nothing), and the replay must reach the same verdicts, providers
// and exit code. Recordings are held to the shipped schema/recording.schema.json.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import type { Scenario } from '../../src/lab/scenario.ts';
import { startLab } from '../../src/lab/start.ts';
import { recordedScenarios } from '../../src/lab/recorded.ts';
import { isKnownProvider } from '../../src/fingerprint/match.ts';
import { buildOptions, type RawFlags } from '../../src/options.ts';
import { runToOutputs } from '../../src/output.ts';
import { run } from '../../src/run/run.ts';
import type { Report, TargetReport } from '../../src/types.ts';
import { recordingErrors } from '../helpers/schema.ts';
import { capture } from '../helpers/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'cdn-check-record-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<Outcome> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(argv, { stdout, stderr, stdin: process.stdin, env: { NO_COLOR: '1', ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** What replay must reproduce of a target: its whole verdict (status, provider, layer, extent, summary, evidence) and the providers. */
function essence(t: TargetReport) {
  const { cdn, dns, layers } = t.providers;
  return {
    host: t.host,
    verdict: t.verdict,
    providers: { cdn: cdn?.id ?? null, dns: dns?.id ?? null, layers: layers.map((l) => l.id) },
    canaries: t.canaries.map((c) => `${c.host} ${c.status}`).sort(),
  };
}

function byHost(report: Report) {
  return report.targets.map(essence).sort((a, b) => a.host.localeCompare(b.host));
}

describe('a recorded lab run replays to the same verdicts, providers and exit code, with the lab gone', { concurrency: 1 }, () => {
  for (const s of SCENARIOS) {
    test(`${s.name}: replay --json agrees with the run that recorded it (exit ${s.expected.exitCode})`, async () => {
      const file = join(dir, `${s.name}.json`);
      const live = await cli(['lab', s.name, '--json', '--record', file]);
      assert.equal(live.code, s.expected.exitCode, `the recorded run itself (not the replay): ${live.stderr}`);
      const recording = JSON.parse(readFileSync(file, 'utf8')) as { recordingVersion: number; exitCode: number };
      assert.deepEqual(recordingErrors(recording), [], 'the recording validates against schema/recording.schema.json');
      assert.equal(recording.exitCode, live.code);

      const replay = await cli(['replay', file, '--json']);
      assert.equal(replay.stderr, '', 'nothing on stderr');
      assert.equal(replay.code, live.code, 'exit code');
      assert.deepEqual(byHost(JSON.parse(replay.stdout) as Report), byHost(JSON.parse(live.stdout) as Report));
    });
  }
});

describe('replay', () => {
  const scenario = SCENARIOS.find((s) => s.name === 'fastly-2021') as Scenario;
  const file = join(dir, 'formats.json');

  test('sends nothing: the lab that was recorded sees no query and no request while it replays', async () => {
    const lab = await startLab(scenario);
    try {
      const live = await cli(['--json', '--record', file, ...lab.args, ...scenario.targets]);
      assert.equal(live.code, scenario.expected.exitCode, live.stderr);
      const queries = lab.resolvers[0]!.queryCount();
      const requests = lab.edges.requestCount();
      const replay = await cli(['replay', file, '--json']);
      assert.equal(replay.code, live.code);
      assert.equal(lab.resolvers[0]!.queryCount(), queries, 'no DNS query during replay');
      assert.equal(lab.edges.requestCount(), requests, 'no HTTP request during replay');
    } finally {
      await lab.close();
    }
  });

  test('gives the same exit code in every output format, and the same verdicts in each', async () => {
    const expected = scenario.expected.exitCode;
    const ndjson = await cli(['replay', file, '--ndjson']);
    assert.equal(ndjson.code, expected);
    // Streamed lines are decided against the targets decided before them: their summaries may differ, not their verdicts.
    const verdicts = (targets: TargetReport[]) => targets.map(({ host, verdict: { status, provider, layer } }) => ({ host, status, provider, layer })).sort((a, b) => a.host.localeCompare(b.host));
    const lines = ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l) as TargetReport);
    assert.deepEqual(verdicts(lines), verdicts((JSON.parse((await cli(['replay', file, '--json'])).stdout) as Report).targets));
    const text = await cli(['replay', file]);
    assert.equal(text.code, expected);
    assert.match(text.stdout, /PROVIDER OUTAGE/);
    for (const format of ['github', 'junit', 'prometheus', 'text', 'json', 'ndjson']) {
      const out = await cli(['replay', file, '--format', format]);
      assert.equal(out.code, expected, `--format ${format}: ${out.stderr}`);
      assert.notEqual(out.stdout, '', `--format ${format} printed something`);
    }
    const quiet = await cli(['replay', file, '-q']);
    assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [expected, '', '']);
    const toFile = join(dir, 'replayed-report.json');
    const written = await cli(['replay', file, '--json', '-o', toFile]);
    assert.equal(written.code, expected);
    assert.equal((JSON.parse(readFileSync(toFile, 'utf8')) as Report).exitCode, expected);
  });

  test('a run in system mode (resolv.conf) replays in system mode, with the resolver it read then', async () => {
    const lab = await startLab(scenario);
    const system = join(dir, 'system.json');
    try {
      const stdout = capture();
      const io = { stdout, stderr: capture(), stdin: process.stdin, env: {} };
      // No --resolver: the run's "system" resolver is the lab's; the fallbacks a dead loopback port, never a public resolver.
      const flags: RawFlags = {
        json: true, resolver: [], fallbackResolver: ['127.0.0.1:9'], port: String(lab.setup.port), caFile: lab.setup.caFile, timeout: '3000', deadline: '10000',
        canary: lab.setup.canaries, builtinCanaries: false, control: lab.setup.controls, builtinControls: false, concurrency: '64', noproxy: '*', record: system,
      };
      const options = buildOptions(scenario.targets, flags, { stdout: { isTTY: false }, env: {} }, { isProvider: isKnownProvider });
      const code = await runToOutputs(run, options, io, { systemResolvers: [lab.resolvers[0]!.resolver] });
      assert.equal(code, scenario.expected.exitCode, io.stderr.text);
      const recording = JSON.parse(readFileSync(system, 'utf8')) as { resolvers: { mode: string; resolvers: string[] } };
      assert.deepEqual(recording.resolvers, { mode: 'system', resolvers: [lab.resolvers[0]!.resolver.label], fallbacks: ['127.0.0.1:9'] });
      const replay = await cli(['replay', system, '--json']);
      assert.equal(replay.code, code);
      assert.deepEqual(byHost(JSON.parse(replay.stdout) as Report), byHost(JSON.parse(stdout.text) as Report));
    } finally {
      await lab.close();
    }
  });

  test('a streamed run (--ndjson) is recorded without a report and replays to the same lines', async () => {
    const streamed = join(dir, 'streamed.json');
    const live = await cli(['lab', 'origin-down', '--ndjson', '--record', streamed]);
    const recording = JSON.parse(readFileSync(streamed, 'utf8')) as { report: unknown; exitCode: number };
    assert.equal(recording.report, null);
    assert.equal(recording.exitCode, live.code);
    assert.deepEqual(recordingErrors(recording), []);
    const replay = await cli(['replay', streamed, '--ndjson']);
    assert.equal(replay.code, live.code);
    const lines = (out: Outcome) => out.stdout.trim().split('\n').map((l) => essence(JSON.parse(l) as TargetReport)).sort((a, b) => a.host.localeCompare(b.host));
    assert.deepEqual(lines(replay), lines(live));
  });

  test('replays the remote measurements of a --from run (the lab\'s Globalping) without asking for them again', async () => {
    const isp = SCENARIOS.find((s) => s.name === 'isp-path') as Scenario;
    const from = isp.fromExpected!;
    const remote = join(dir, 'remote.json');
    const live = await cli(['lab', 'isp-path', '--from', from.from, '--json', '--record', remote]);
    assert.equal(live.code, from.exitCode, live.stderr);
    const recording = JSON.parse(readFileSync(remote, 'utf8')) as { vantage: { target: string }[] };
    assert.deepEqual(recording.vantage.map((v) => v.target).sort(), [...isp.targets].sort());
    assert.deepEqual(recordingErrors(recording), []);
    const replay = await cli(['replay', remote, '--json'], { GLOBALPING_API_URL: 'http://127.0.0.1:9/' });
    assert.equal(replay.code, live.code, replay.stderr);
    const remoteView = (out: Outcome) => (JSON.parse(out.stdout) as Report).targets.map((t) => [t.host, t.verdict, t.vantage?.probes]);
    assert.deepEqual(remoteView(replay), remoteView(live));
  });

  // Cut by --deadline: hung TLS handshakes cut mid-way.
  for (const [name, ...flags] of [
    // The hung handshakes' timeout starts after their TCP connect, so a deadline equal to it always comes first.
    ['azure-frontdoor-2025', '--timeout', '800', '--deadline', '800'],
  ] as const) {
    test(`a run cut by its deadline replays alike: lab ${name} ${flags.join(' ')}`, async () => {
      const cut = join(dir, `cut-${name}.json`);
      const live = await cli(['lab', name, ...flags, '--json', '--record', cut]);
      const recording = JSON.parse(readFileSync(cut, 'utf8')) as { deadlineReached: boolean };
      assert.equal(recording.deadlineReached, true, 'the deadline passed during the recorded run');
      assert.deepEqual(recordingErrors(recording), []);
      const started = performance.now();
      const replay = await cli(['replay', cut, '--json']);
      assert.equal(replay.code, live.code);
      assert.deepEqual(byHost(JSON.parse(replay.stdout) as Report), byHost(JSON.parse(live.stdout) as Report));
      assert.ok(performance.now() - started < 5000, 'no replayed step waits for a timer');
    });
  }

  test('refuses what is not a recording it can read: one line, exit 64', async () => {
    const cases: [string, string, RegExp][] = [
      ['missing.json', '', /missing\.json/],
      ['not-json.json', 'hello', /not a cdn-check recording \(not JSON/],
      ['report.json', JSON.stringify({ schemaVersion: 1, targets: [] }), /not a cdn-check recording \(no recordingVersion\)/],
      ['newer.json', JSON.stringify({ recordingVersion: 99, tool: { name: 'cdn-check', version: '9.0.0' } }), /recording version 99 \(made by cdn-check 9\.0\.0\) is newer than this cdn-check reads \(1\): upgrade/],
      ['no-targets.json', JSON.stringify({ recordingVersion: 1, options: { targets: [] } }), /invalid recording: options\.targets/],
    ];
    const valid = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    cases.push(['bad-dns.json', JSON.stringify({ ...valid, dns: [{ name: 'x' }] }), /invalid recording: a dns exchange/]);
    cases.push(['bad-options.json', JSON.stringify({ ...valid, options: { ...(valid.options as object), timeoutMs: 5000, deadlineMs: 10 } }), /invalid recording: its options: --deadline 10ms is shorter than --timeout 5s/]);
    for (const [name, content, message] of cases) {
      const path = join(dir, name);
      if (content !== '') writeFileSync(path, content);
      const out = await cli(['replay', path, '--json']);
      assert.equal(out.code, 64, `${name}: ${out.stderr}`);
      assert.equal(out.stdout, '', name);
      assert.match(out.stderr, message, name);
      assert.equal(out.stderr.trim().split('\n').length, 1, `${name}: one line`);
      assert.doesNotMatch(out.stderr, /\n\s+at /, `${name}: no stack trace`);
    }
  });

  test('replays a recording from an older cdn-check of the same recording version, and carries fields it does not know', async () => {
    const valid = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const older = { ...valid, tool: { name: 'cdn-check', version: '0.0.1' }, somethingNew: { x: 1 } };
    delete (older as { vantage?: unknown }).vantage; // a field added later: absent in older recordings
    const path = join(dir, 'older.json');
    writeFileSync(path, JSON.stringify(older));
    const out = await cli(['replay', path, '-q']);
    assert.equal(out.code, scenario.expected.exitCode, out.stderr);
  });
});

describe('replay and status feeds', { concurrency: 1 }, () => {
  const akamai = join(dir, 'akamai-feeds.json');
  const feedsOf = (out: Outcome) => (JSON.parse(out.stdout) as Report).targets.map((t) => [t.host, t.statusFeeds ?? null]);

  /** Replays `path` with the global fetch replaced by one that fails the test and counts its calls. */
  async function replayWithoutFetch(path: string): Promise<{ out: Outcome; fetched: string[] }> {
    const fetched: string[] = [];
    const real = globalThis.fetch;
    globalThis.fetch = (input: string | URL | Request) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new Error('replay called fetch()'));
    };
    try {
      return { out: await cli(['replay', path, '--json']), fetched };
    } finally {
      globalThis.fetch = real;
    }
  }

  test('akamai-2021: the replay shows the status feeds the run read (Akamai\'s incident), with the lab closed', async () => {
    const live = await cli(['lab', 'akamai-2021', '--json', '--record', akamai]);
    assert.equal(live.code, 2, live.stderr);
    const recording = JSON.parse(readFileSync(akamai, 'utf8')) as { statusFeeds?: { provider: string; url: string }[] };
    assert.deepEqual(recordingErrors(recording), []);
    assert.ok(recording.statusFeeds?.some((f) => f.provider === 'akamai'), 'the recording keeps Akamai\'s feed');
    const liveFeeds = feedsOf(live);
    const incidents = liveFeeds.flatMap(([, feeds]) => (feeds as NonNullable<TargetReport['statusFeeds']> | null) ?? []).flatMap((f) => f.incidents.map((i) => i.name));
    assert.ok(incidents.includes('Emerging Issue - Edge DNS'), `the recorded run read the lab's incident (${incidents.join(', ')})`);
    const { out, fetched } = await replayWithoutFetch(akamai);
    assert.equal(out.code, live.code, out.stderr);
    assert.deepEqual(fetched, [], 'no fetch() during replay');
    assert.deepEqual(feedsOf(out), liveFeeds);
  });

  test('sends no HTTP request: a feed server named by the recording stays untouched, a feed it lacks is NOT_RECORDED', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/akamai/feed`;
      const recording = JSON.parse(readFileSync(akamai, 'utf8')) as { statusFeeds: { url: string }[] };
      const pointed = join(dir, 'akamai-pointed.json');
      writeFileSync(pointed, JSON.stringify({ ...recording, statusFeeds: recording.statusFeeds.map((f) => ({ ...f, url })) }));
      const { out, fetched } = await replayWithoutFetch(pointed);
      assert.equal(out.code, 2, out.stderr);
      assert.deepEqual(fetched, []);
      const feeds = (JSON.parse(out.stdout) as Report).targets.flatMap((t) => t.statusFeeds ?? []);
      assert.ok(feeds.length > 0 && feeds.every((f) => f.url === url && f.ok), 'the recorded feeds, at the URL the recording names');

      // Feeds missing from the recording: the provider table's real URLs are shown, never fetched.
      const empty = join(dir, 'akamai-no-feeds.json');
      writeFileSync(empty, JSON.stringify({ ...recording, statusFeeds: [] }));
      const bare = await replayWithoutFetch(empty);
      assert.equal(bare.out.code, 2, bare.out.stderr);
      assert.deepEqual(bare.fetched, []);
      const missing = (JSON.parse(bare.out.stdout) as Report).targets.flatMap((t) => t.statusFeeds ?? []);
      assert.ok(missing.length > 0 && missing.every((f) => !f.ok && f.error?.code === 'NOT_RECORDED'), JSON.stringify(missing.map((f) => f.error)));
      assert.equal(requests, 0, 'no request reached the feed server');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a recording without status feeds (made before they were kept) replays with none', async () => {
    const recording = JSON.parse(readFileSync(akamai, 'utf8')) as Record<string, unknown>;
    delete recording.statusFeeds;
    const older = join(dir, 'akamai-older.json');
    writeFileSync(older, JSON.stringify(recording));
    const { out, fetched } = await replayWithoutFetch(older);
    assert.equal(out.code, 2, out.stderr);
    assert.deepEqual(fetched, []);
    assert.ok(feedsOf(out).every(([, feeds]) => feeds === null));
  });
});

describe('--record', () => {
  test('leaves secrets out: Authorization-like headers, cookie values, tokens in headers and in a Location', async () => {
    const secretHeaders = {
      server: 'nginx',
      'content-type': 'text/html',
      'set-cookie': ['session=SECRET-COOKIE-1; Path=/; HttpOnly', '__cf_bm=SECRET-COOKIE-2; path=/'],
      'x-amz-security-token': 'SECRET-TOKEN-3',
      authorization: 'Bearer SECRET-BEARER-4',
      location: 'https://login.example/cb?state=ok&token=SECRET-QUERY-5&access_key=SECRET-QUERY-6',
    };
    const scenario: Scenario = {
      name: 'secrets',
      date: null,
      provider: null,
      title: 'a site that answers with secrets',
      story: 'test',
      sites: [{ host: 'secret.example', cdn: null, dns: 'self', behaviour: { kind: 'respond', status: 302, headers: secretHeaders, body: 'moved' } }],
      targets: ['secret.example'],
      canaries: [],
      controls: [],
      expected: { exitCode: 0, targets: {} },
    };
    const lab = await startLab(scenario);
    const file = join(dir, 'secrets.json');
    try {
      const live = await cli(['--json', '-v', '--record', file, ...lab.args, 'secret.example'], { HTTPS_PROXY: undefined });
      assert.equal(live.code, 0, live.stderr);
    } finally {
      await lab.close();
    }
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /SECRET-/, 'no secret value in the recording');
    assert.match(text, /"session=\[redacted\]"/, 'a cookie keeps its name');
    assert.match(text, /"__cf_bm=\[redacted\]"/);
    assert.match(text, /state=ok&token=\[redacted\]&access_key=\[redacted\]/, 'only secret-looking parameters are redacted');
    assert.deepEqual(recordingErrors(JSON.parse(text)), []);
    assert.ok(!text.includes('lab-ca.pem'), 'no local file path of the CA');
  });

  test('is refused with --targets-file and with watch, as a usage error', async () => {
    const file = join(dir, 'never.json');
    const sweep = await cli(['--record', file, '--targets-file', '-', '--resolver', '127.0.0.1:9']);
    assert.equal(sweep.code, 64);
    assert.match(sweep.stderr, /--record keeps one run of named targets: not with --targets-file/);
    const watch = await cli(['watch', '--record', file, '--resolver', '127.0.0.1:9', 'x.example']);
    assert.equal(watch.code, 64);
    assert.match(watch.stderr, /--record keeps one run: not with watch/);
  });
});

describe('lab --from-recording: a recorded run stood up as a lab scenario reaches the verdicts it recorded', { concurrency: 1 }, () => {
  // One of each kind of fault the lab plays back: HTTP errors, TLS hangs with refused edges, a certificate, a
  // dead resolver, a captive portal's DNS, hostile bytes in headers and reason phrases.
  for (const name of ['fastly-2021', 'azure-frontdoor-2025', 'expired-cert', 'resolver-1111-2025', 'captive-portal', 'hostile']) {
    test(`${name}: recorded, then served from its recording on loopback`, async () => {
      const file = join(dir, `lab-${name}.json`);
      const live = await cli(['lab', name, '--json', '--record', file]);
      const again = await cli(['lab', '--from-recording', file, '--json']);
      assert.equal(again.code, live.code, again.stderr);
      const verdicts = (out: Outcome) => byHost(JSON.parse(out.stdout) as Report).map(({ host, verdict: { status, provider, layer, extent } }) => ({ host, status, provider, layer, extent }));
      assert.deepEqual(verdicts(again), verdicts(live));
    });
  }

  for (const s of recordedScenarios()) {
    test(`recordings/${s.name}.json is the lab scenario ${s.name}: exit ${s.expected.exitCode}, its recorded verdicts, listed by lab --list`, async () => {
      const out = await cli(['lab', s.name, '--json']);
      assert.equal(out.code, s.expected.exitCode, out.stderr);
      const report = JSON.parse(out.stdout) as Report;
      assert.ok(Object.keys(s.expected.targets).length > 0, 'the recording has verdicts to expect');
      for (const [host, expected] of Object.entries(s.expected.targets)) {
        const { verdict } = report.targets.find((t) => t.host === host) ?? assert.fail(`no target ${host}`);
        assert.deepEqual({ status: verdict.status, provider: verdict.provider, layer: verdict.layer, extent: verdict.extent }, expected, host);
      }
      assert.match((await cli(['lab', '--list'])).stdout, new RegExp(`^  ${s.name} `, 'm'));
    });
  }

  test('a scenario name and --from-recording together, or an unreadable recording, are usage errors', async () => {
    const both = await cli(['lab', 'healthy', '--from-recording', join(dir, 'x.json')]);
    assert.equal(both.code, 64);
    assert.match(both.stderr, /a scenario name and --from-recording cannot be used together/);
    const missing = await cli(['lab', '--from-recording', join(dir, 'nowhere.json')]);
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /^cdn-check: --from-recording .*nowhere\.json/);
  });
});
