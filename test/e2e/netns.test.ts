// The default path, for real: inside a network namespace whose /etc/resolv.conf names the lab (DNS on
// 127.0.0.1:53, edges on 443), `cdn-check paytm.com` with no flag but the CA reads resolv.conf, asks the lab,
// probes port 443 and answers. Needs root and iproute2 (as in CI); skips, saying why, anywhere else. The
// namespace holds only `lo`, so nothing in it can reach past loopback even by mistake.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/types.ts';
import { BIN } from '../helpers/cli.ts';
import { HEALTHY_PAYTM as healthyPaytm, Namespace, type NetnsLabInfo } from '../helpers/netns.ts';

const RESOLV_CONF = 'nameserver 127.0.0.1\n';

describe('cdn-check with no resolver flag, inside a network namespace whose resolv.conf names the lab', () => {
  let ns: Namespace | string = 'not set up';
  let lab: NetnsLabInfo | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cdn-check-netns-'));
  const inNamespace = (args: string[]) => (ns as Namespace).exec(args);

  before(async () => {
    ns = Namespace.create('paytm');
    if (typeof ns === 'string') return;
    ns.resolvConf(RESOLV_CONF);
    const scenarioFile = join(dir, 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify(healthyPaytm));
    lab = await ns.startLab(scenarioFile);
  });

  after(async () => {
    if (typeof ns !== 'string') await ns.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Skips with the reason when namespaces are not permitted; otherwise the lab's connection details. */
  function ready(t: TestContext): NetnsLabInfo | null {
    if (typeof ns === 'string') {
      t.skip(`skipped: ${ns}`);
      return null;
    }
    assert.ok(lab, 'the lab started in the namespace');
    return lab;
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
