// The default path, for real: inside a network namespace whose /etc/resolv.conf names the lab (DNS on
// 127.0.0.1:53, edges on 443), `cdn-check paytm.com` with no flag but the CA reads resolv.conf, asks the lab,
// probes port 443 and answers. Needs root and iproute2 (as in CI); skips, saying why, anywhere else. The
// namespace holds only `lo`, so nothing in it can reach past loopback even by mistake.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../src/lab/scenario.ts';
import type { Report } from '../../src/types.ts';
import { BIN, runProcess, type CliResult } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAB_SCRIPT = fileURLToPath(new URL('../helpers/netns-lab.ts', import.meta.url));
const NS = `cdn-check-${process.pid}-${Date.now().toString(36)}`;
const NETNS_ETC = '/etc/netns';
const NS_ETC = `${NETNS_ETC}/${NS}`;
const RESOLV_CONF = 'nameserver 127.0.0.1\n';

/** paytm.com on a healthy Akamai, so the system resolver answers and no fallback resolver is ever asked. */
const healthyPaytm: Scenario = {
  name: 'test-netns-paytm',
  date: null,
  provider: 'akamai',
  title: 'test only: paytm.com on a working Akamai slot',
  story: 'The default resolver path inside a network namespace.',
  sites: [
    { host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071 },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  targets: ['paytm.com'],
  canaries: [{ provider: 'akamai', host: 'www.akamai.com' }],
  controls: ['www.wikipedia.org'],
  expected: { exitCode: 0, targets: { 'paytm.com': { status: 'up', provider: 'akamai' } } },
};

interface LabInfo {
  caFile: string;
  args: string[];
  resolvers: string[];
  port: number;
}

function run(command: string, args: string[]): { ok: boolean; out: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  if (result.error) return { ok: false, out: result.error.message };
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}`.trim() };
}

/** Creates the namespace, or says why it cannot be done here. */
function createNamespace(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'not root: `ip netns add` needs CAP_SYS_ADMIN (CI runs this as root)';
  const list = run('ip', ['netns', 'list']);
  if (!list.ok) return `\`ip netns\` is not available (install iproute2): ${list.out}`;
  const add = run('ip', ['netns', 'add', NS]);
  if (!add.ok) return `\`ip netns add\` is not permitted here: ${add.out}`;
  return null;
}

/** `ip netns exec <ns> <command...>`, collecting output. */
function inNamespace(args: string[]): Promise<CliResult> {
  return runProcess('ip', ['netns', 'exec', NS, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined } });
}

/** Starts the lab inside the namespace and waits for its READY line. */
function startLabInNamespace(scenarioFile: string): Promise<{ child: ChildProcessWithoutNullStreams; info: LabInfo }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', LAB_SCRIPT, scenarioFile], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the lab did not start within 20 s: ${out}${err}`)), 20_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (!line) return;
      clearTimeout(timer);
      resolve({ child, info: JSON.parse(line.slice('READY '.length)) as LabInfo });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lab exited with ${code} before it was ready: ${err}`));
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.stdin.end();
  });
}

describe('cdn-check with no resolver flag, inside a network namespace whose resolv.conf names the lab', () => {
  let notPermitted: string | null = 'not set up';
  let lab: { child: ChildProcessWithoutNullStreams; info: LabInfo } | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cdn-check-netns-'));

  let createdNetnsEtc = false;

  before(async () => {
    notPermitted = createNamespace();
    if (notPermitted) return;
    assert.ok(run('ip', ['netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up']).ok, 'lo is up in the namespace');
    createdNetnsEtc = !existsSync(NETNS_ETC);
    mkdirSync(NS_ETC, { recursive: true });
    writeFileSync(join(NS_ETC, 'resolv.conf'), RESOLV_CONF);
    const scenarioFile = join(dir, 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify(healthyPaytm));
    lab = await startLabInNamespace(scenarioFile);
  });

  after(async () => {
    if (lab) await stop(lab.child);
    if (notPermitted === null) run('ip', ['netns', 'del', NS]);
    rmSync(NS_ETC, { recursive: true, force: true });
    if (createdNetnsEtc) rmSync(NETNS_ETC, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  /** Skips with the reason when namespaces are not permitted; otherwise the lab's connection details. */
  function ready(t: TestContext): LabInfo | null {
    if (notPermitted) {
      t.skip(`skipped: ${notPermitted}`);
      return null;
    }
    assert.ok(lab, 'the lab started in the namespace');
    return lab.info;
  }

  test('the namespace is sealed: only lo, and /etc/resolv.conf reads the lab\'s nameserver line', async (t) => {
    if (!ready(t)) return;
    const links = await inNamespace(['ip', '-o', 'link', 'show']);
    assert.deepEqual(links.stdout.trim().split('\n').map((l) => l.split(':')[1]?.trim()), ['lo']);
    const resolv = await inNamespace(['cat', '/etc/resolv.conf']);
    assert.equal(resolv.stdout, RESOLV_CONF);
  });

  test('`cdn-check --ca-file <lab CA> paytm.com`, and nothing else, says paytm.com is UP on Akamai and exits 0', async (t) => {
    const info = ready(t);
    if (!info) return;
    const { code, stdout, stderr } = await inNamespace([process.execPath, BIN, '--ca-file', info.caFile, 'paytm.com']);
    assert.equal(stderr, '');
    assert.match(stdout, /^paytm\.com {2}UP {2}Akamai/, stdout.slice(0, 300));
    assert.equal(code, 0);
  });

  test('with --json and the lab\'s canaries and controls, the report shows the system resolver 127.0.0.1:53, the chain to Akamai and probes on port 443', async (t) => {
    const info = ready(t);
    if (!info) return;
    assert.deepEqual(info.resolvers, ['127.0.0.1:53']);
    assert.equal(info.port, 443);
    const canaries = healthyPaytm.canaries.flatMap((c) => ['--canary', `${c.provider}=${c.host}`]);
    const controls = healthyPaytm.controls.flatMap((host) => ['--control', host]);
    const { code, stdout, stderr } = await inNamespace([
      process.execPath, BIN, '--json', '--ca-file', info.caFile, '--no-builtin-canaries', '--no-builtin-controls', ...canaries, ...controls, 'paytm.com',
    ]);
    assert.equal(stderr, '');
    const report = JSON.parse(stdout) as Report;
    const target = report.targets[0];
    assert.ok(target?.dns);
    assert.deepEqual(target.dns.resolvers, ['127.0.0.1:53'], 'the resolver came from resolv.conf');
    assert.deepEqual(target.dns.chain.filter((h) => h.type === 'CNAME').map((h) => h.data), ['paytm.com.edgekey.net', 'e7071.a.akamaiedge.net']);
    assert.ok(target.probes.length > 0 && target.probes.every((p) => p.port === 443 && p.http?.status === 200), 'every edge answered 200 on 443');
    assert.deepEqual([target.verdict.status, target.verdict.provider], ['up', 'akamai']);
    assert.equal(code, 0);
    assert.equal(report.exitCode, 0);
  });
});
