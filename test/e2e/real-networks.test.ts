// Real network conditions, end to end: each is a sealed network namespace built the way a real machine
// fails (no route, a blackholed resolver, a firewall, UDP 53 filtered), and the binary runs there in
// system mode — no --resolver, the namespace's resolv.conf names the resolver — as a user would run it.
// Nothing in a namespace reaches the host's network: only lo, dummy links (which drop what they are
// given) and TEST-NET addresses. Needs root, iproute2 and nftables (CI installs them); skips, saying why,
// anywhere else.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/types.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { BIN, type CliResult } from '../helpers/cli.ts';
import { HEALTHY_PAYTM as paytm, Namespace, nftUnavailable, type NetnsLabInfo } from '../helpers/netns.ts';

/** A resolver address in TEST-NET-1: never routed on the internet, and here never routed at all. */
const TEST_NET_RESOLVER = '192.0.2.53';

const PEERS = [
  '--no-builtin-canaries',
  '--no-builtin-controls',
  ...paytm.canaries.flatMap((c) => ['--canary', `${c.provider}=${c.host}`]),
  ...paytm.controls.flatMap((host) => ['--control', host]),
];

const dir = mkdtempSync(join(tmpdir(), 'cdn-check-real-networks-'));
const scenarioFile = join(dir, 'scenario.json');
writeFileSync(scenarioFile, JSON.stringify(paytm));
const portalFile = join(dir, 'captive-portal.json');
writeFileSync(portalFile, JSON.stringify(SCENARIOS.find((s) => s.name === 'captive-portal')));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One condition: a namespace built by `build`, removed when the describe block ends, whatever happened. */
function condition(tag: string, build: (ns: Namespace) => Promise<NetnsLabInfo | null> | NetnsLabInfo | null, opts: { loopback?: 'up' | 'down'; nft?: boolean } = {}) {
  const state: { ns: Namespace | string; lab: NetnsLabInfo | null } = { ns: 'not set up', lab: null };
  before(async () => {
    const missing = opts.nft ? nftUnavailable() : null;
    if (missing) return void (state.ns = missing);
    state.ns = Namespace.create(tag, opts);
    if (typeof state.ns !== 'string') state.lab = await build(state.ns);
  });
  after(async () => {
    if (typeof state.ns !== 'string') await state.ns.remove();
  });
  return {
    /** Skips with the reason when the namespace could not be built, else runs cdn-check inside it. */
    cli(t: TestContext, args: (lab: NetnsLabInfo | null) => string[]): Promise<CliResult> | null {
      if (typeof state.ns === 'string') {
        t.skip(`skipped: ${state.ns}`);
        return null;
      }
      return state.ns.exec([process.execPath, BIN, ...args(state.lab)], { env: { CI: 'true' }, killAfterMs: 30_000 });
    },
  };
}

function report(result: CliResult): Report {
  try {
    return JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout.slice(0, 300)} | ${result.stderr.slice(0, 300)}`);
  }
}

function assertNoCrash(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at |Error:|node:internal/m, `no stack trace: ${result.stderr.slice(0, 500)}`);
}

describe('offline laptop: only lo, and it is down; resolv.conf names a resolver there is no route to', () => {
  const world = condition('offline', (ns) => {
    ns.resolvConf(`nameserver ${TEST_NET_RESOLVER}\n`);
    return null;
  }, { loopback: 'down' });
  const args = ['--timeout', '500', '--deadline', '3000', 'www.example.com'];

  test('the text report says LOCAL NETWORK, no route to your resolver (ENETUNREACH), and exits 3', async (t) => {
    const result = await world.cli(t, () => args);
    if (!result) return;
    assertNoCrash(result);
    assert.match(result.stdout.split('\n')[0] ?? '', /^www\.example\.com {2}LOCAL NETWORK {2}No route to your resolver 192\.0\.2\.53:53 \(ENETUNREACH\)/);
    assert.equal(result.code, 3);
  });

  test('--json, --ndjson and --quiet agree: local-network, exit 3', async (t) => {
    const json = await world.cli(t, () => ['--json', ...args]);
    if (!json) return;
    assertNoCrash(json);
    const target = report(json).targets[0];
    assert.equal(target?.verdict.status, 'local-network');
    assert.equal(target?.dns?.error?.errno, 'ENETUNREACH');
    assert.equal(json.code, 3);
    const ndjson = await world.cli(t, () => ['--ndjson', ...args]);
    assert.equal((JSON.parse(ndjson?.stdout.trim() ?? '{}') as { verdict?: { status?: string } }).verdict?.status, 'local-network');
    assert.equal(ndjson?.code, 3);
    const quiet = await world.cli(t, () => ['--quiet', ...args]);
    assert.deepEqual([quiet?.code, quiet?.stdout, quiet?.stderr], [3, '', '']);
  });
});

describe('offline laptop with lo up: the built-in canaries, controls and public fallback resolvers have no route either', () => {
  const world = condition('offline-lo', (ns) => {
    ns.resolvConf(`nameserver ${TEST_NET_RESOLVER}\n`);
    return null;
  });

  test('local-network, exit 3, quickly: nothing waits for a timeout when no packet can leave', async (t) => {
    const result = await world.cli(t, () => ['--json', '--timeout', '2000', '--deadline', '8000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'local-network');
    assert.match(target?.verdict.summary ?? '', /^No route to your resolver 192\.0\.2\.53:53 \(ENETUNREACH\); \d+\/\d+ controls down too/);
    assert.equal(result.code, 3);
    assert.ok(result.ms < 6000, `took ${Math.round(result.ms)} ms although every connect fails at once`);
  });
});

describe('resolver blackholed: a route to it exists, but every packet sent there vanishes', () => {
  const world = condition('blackhole', (ns) => {
    // The resolver is "there" (routed, its MAC known), and whatever is sent to it vanishes.
    ns.blackhole('hole0', '192.0.2.1/24', [TEST_NET_RESOLVER]);
    ns.resolvConf(`nameserver ${TEST_NET_RESOLVER}\n`);
    return null;
  });

  test('local-network, exit 3, the resolver "answers nothing", within --deadline', async (t) => {
    const deadline = 2500;
    const result = await world.cli(t, () => ['--json', '--timeout', '600', '--deadline', String(deadline), 'www.example.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'local-network');
    assert.match(target?.verdict.summary ?? '', /resolver 192\.0\.2\.53 answers nothing \(TIMEOUT for every query\)/);
    assert.equal(result.code, 3);
    // The process as a whole: start-up and exit included, with room for a loaded machine.
    assert.ok(result.ms < deadline + 2500, `took ${Math.round(result.ms)} ms at --deadline ${deadline}`);
  });
});

describe('firewall rejects: UDP 53 with ICMP admin-prohibited, TCP 53 and 443 with a reset', () => {
  const world = condition('firewall', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    const lab = await ns.startLab(scenarioFile);
    ns.nft(`table inet firewall {
      chain out {
        type filter hook output priority 0;
        udp dport 53 reject with icmpx type admin-prohibited
        tcp dport { 53, 443 } reject with tcp reset
      }
    }`);
    return lab;
  }, { nft: true });

  test('local-network, exit 3, naming the code the firewall gave (EPERM on UDP 53)', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '800', '--deadline', '4000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'local-network');
    assert.match(target?.verdict.summary ?? '', /^A firewall on this machine blocks your resolver 127\.0\.0\.1:53 \(EPERM\)/);
    assert.equal(result.code, 3);
  });
});

describe('firewall rejects only HTTPS: DNS answers, every connection to 443 is reset', () => {
  const world = condition('https-reset', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    const lab = await ns.startLab(scenarioFile);
    ns.nft('table inet firewall { chain out { type filter hook output priority 0; tcp dport 443 reject with tcp reset; }; }');
    return lab;
  }, { nft: true });

  test('local-network, exit 3: the controls are refused the same way — never a provider or site outage', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '800', '--deadline', '4000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'local-network', target?.verdict.summary);
    assert.match(target?.verdict.summary ?? '', /ECONNREFUSED/);
    assert.match(target?.verdict.summary ?? '', /2\/2 controls down too/);
    assert.ok(target?.controls.every((c) => c.status === 'down' && c.layer === 'tcp'));
    assert.equal(result.code, 3);
  });
});

describe('UDP 53 rejected on this machine, TCP 53 open', () => {
  const world = condition('udp-reject', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    const lab = await ns.startLab(scenarioFile);
    ns.nft('table inet firewall { chain out { type filter hook output priority 0; udp dport 53 drop; }; }');
    return lab;
  }, { nft: true });

  test('up, exit 0: asked over TCP at once (the refusal cost no timeout), and the report says why', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '1500', '--deadline', '6000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'up', target?.verdict.summary);
    assert.ok(target?.dns?.chain.length && target.dns.chain.every((h) => h.tcp === true && h.udpError === 'EPERM'), JSON.stringify(target?.dns?.chain));
    assert.equal(result.code, 0);
    const text = await world.cli(t, (lab) => ['--ca-file', lab!.caFile, ...PEERS, 'paytm.com']);
    assert.match(text?.stdout ?? '', /! asked over TCP: UDP to 127\.0\.0\.1:53 failed \(EPERM\)/);
  });
});

describe('UDP 53 silently filtered on the way, TCP 53 open', () => {
  const world = condition('udp-drop', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    const lab = await ns.startLab(scenarioFile);
    // Dropped on arrival, as a middlebox would: the sender hears nothing.
    ns.nft('table inet firewall { chain in { type filter hook input priority 0; udp dport 53 drop; }; }');
    return lab;
  }, { nft: true });

  test('degraded, exit 0 (4 with --strict): TCP answered halfway to the timeout, and the verdict says UDP got no answer', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--strict', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '1000', '--deadline', '6000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'degraded', target?.verdict.summary);
    assert.match(target?.verdict.summary ?? '', /UDP to 127\.0\.0\.1:53 got no answer; TCP did/);
    assert.ok(target?.dns?.chain.every((h) => h.tcp === true && h.udpError === 'TIMEOUT'));
    assert.ok(target?.probes.some((p) => p.http?.status === 200));
    assert.equal(result.code, 4);
  });
});

describe('broken IPv6: every name has AAAA records, no IPv6 route leaves this machine, IPv4 works', () => {
  const world = condition('broken-v6', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    return ns.startLab(scenarioFile, ['--ipv6', 'unreachable']);
  });

  test('degraded, exit 0 (4 with --strict): "IPv6 edges unreachable (ENETUNREACH), IPv4 fine" — not down', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--strict', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '1500', '--deadline', '6000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'degraded', target?.verdict.summary);
    assert.match(target?.verdict.summary ?? '', /IPv6 edges unreachable \(ENETUNREACH\), IPv4 fine/);
    assert.ok(target?.probes.some((p) => p.family === 6) && target.probes.some((p) => p.family === 4));
    assert.equal(result.code, 4);
  });
});

describe('dual-stack network: every name has A and AAAA records and both families are served', () => {
  const world = condition('dual', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    return ns.startLab(scenarioFile, ['--ipv6', 'dual']);
  });
  const run = (t: TestContext, flags: string[]) => world.cli(t, (lab) => ['--json', '--ca-file', lab!.caFile, ...PEERS, ...flags, '--timeout', '1500', '--deadline', '6000', 'paytm.com']);

  test('without -4/-6 both families are resolved and probed', async (t) => {
    const result = await run(t, []);
    if (!result) return;
    const target = report(result).targets[0];
    assert.ok(target?.probes.some((p) => p.family === 4) && target.probes.some((p) => p.family === 6), JSON.stringify(target?.probes.map((p) => p.address)));
    assert.equal(target?.addressFamily, undefined);
  });

  for (const family of [4, 6] as const) {
    const asked = family === 4 ? 'A' : 'AAAA';
    const other = family === 4 ? 'AAAA' : 'A';
    test(`-${family}: DNS asks ${asked} and not ${other}, only IPv${family} edges are probed, and the report says so`, async (t) => {
      const result = await run(t, [`-${family}`]);
      if (!result) return;
      assertNoCrash(result);
      const target = report(result).targets[0];
      assert.equal(target?.verdict.status, 'up', target?.verdict.summary);
      assert.equal(target?.addressFamily, family);
      assert.ok(target?.dns?.chain.some((h) => h.type === asked) && !target.dns.chain.some((h) => h.type === other), JSON.stringify(target?.dns?.chain.map((h) => h.type)));
      assert.ok(target?.probes.length && target.probes.every((p) => p.family === family && p.http?.status === 200), JSON.stringify(target?.probes.map((p) => p.address)));
      assert.deepEqual(target?.skippedAddresses.filter((a) => a.includes(':') !== (family === 6)), []);
      const text = await world.cli(t, (lab) => ['--ca-file', lab!.caFile, ...PEERS, `-${family}`, '--timeout', '1500', '--deadline', '6000', 'paytm.com']);
      assert.match(text?.stdout ?? '', new RegExp(`${asked} only \\(-${family}\\)`));
      assert.match(text?.stdout ?? '', new RegExp(`Edges {2}.*IPv${family} only`));
    });
  }
});

describe('IPv6-only network: the resolver and every edge are IPv6 (ULA), the names have AAAA records only', () => {
  const RESOLVER = 'fd00:cdc::53';
  const world = condition('v6-only', async (ns) => {
    ns.resolvConf(`nameserver ${RESOLVER}\n`);
    return ns.startLab(scenarioFile, ['--ipv6', 'only', '--dns-host', RESOLVER]);
  });

  test('diagnosed as normal over IPv6: up on Akamai, exit 0, every probe over IPv6', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '1500', '--deadline', '6000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'up', target?.verdict.summary);
    assert.equal(target?.verdict.provider, 'akamai');
    assert.deepEqual(target?.dns?.resolvers, [`[${RESOLVER}]:53`]);
    assert.ok(target?.probes.length && target.probes.every((p) => p.family === 6 && p.http?.status === 200), JSON.stringify(target?.probes.map((p) => p.address)));
    assert.equal(result.code, 0);
  });
});

describe('captive portal: the network\'s resolver answers every name with the portal\'s address', () => {
  const world = condition('portal', async (ns) => {
    ns.resolvConf('nameserver 127.0.0.1\n');
    return ns.startLab(portalFile);
  });

  test('with the built-in canaries and controls, as a user runs it: local-network, exit 3, naming the interception', async (t) => {
    const result = await world.cli(t, (lab) => ['--json', '--ca-file', lab!.caFile, '--timeout', '1500', '--deadline', '8000', 'paytm.com']);
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'local-network', target?.verdict.summary);
    assert.match(target?.verdict.summary ?? '', /^Your resolver answers every name with the same address \(127\.99\.0\.1; \d+\/\d+ names asked\): a captive portal or DNS interception/);
    assert.ok((target?.controls.length ?? 0) >= 2 && target?.controls.every((c) => c.addresses?.join() === '127.99.0.1'));
    assert.equal(result.code, 3);
  });
});


describe('proxy-only network: no direct route to any edge, an HTTP CONNECT proxy on the network', () => {
  // Two sealed machines on one TEST-NET wire: "net" runs the lab (DNS on 192.0.2.1:53, the edges on its own
  // lo) and the proxy on 192.0.2.1:3128; "client" has lo down and only that wire, so no edge is routable
  // from it except through the proxy.
  const PROXY = 'http://192.0.2.1:3128';
  const state: { net: Namespace | string; client: Namespace | string; lab: NetnsLabInfo | null } = { net: 'not set up', client: 'not set up', lab: null };
  before(async () => {
    state.net = Namespace.create('pxnet');
    if (typeof state.net === 'string') return;
    state.client = Namespace.create('pxcli', { loopback: 'down' });
    if (typeof state.client === 'string') return;
    state.client.link(state.net, '192.0.2.2/24', '192.0.2.1/24');
    state.client.resolvConf('nameserver 192.0.2.1\n');
    state.lab = await state.net.startLab(scenarioFile, ['--dns-host', '192.0.2.1']);
    await state.net.startProxy(['--host', '192.0.2.1', '--port', '3128', '--mode', 'tunnel']);
  });
  after(async () => {
    for (const ns of [state.client, state.net]) if (typeof ns !== 'string') await ns.remove();
  });
  const cli = (t: TestContext, env: Record<string, string | undefined>, extra: string[] = []): Promise<CliResult> | null => {
    const { client, lab } = state;
    if (typeof client === 'string' || typeof state.net === 'string') {
      t.skip(`skipped: ${typeof state.net === 'string' ? state.net : client}`);
      return null;
    }
    const args = ['--json', '--ca-file', lab!.caFile, ...PEERS, '--timeout', '1500', '--deadline', '6000', ...extra, 'paytm.com'];
    return client.exec([process.execPath, BIN, ...args], { env: { CI: 'true', HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined, ...env }, killAfterMs: 30_000 });
  };

  test('with HTTPS_PROXY set, probes go through the proxy as curl would: up on Akamai, exit 0, each probe "via proxy"', async (t) => {
    const result = await cli(t, { HTTPS_PROXY: PROXY });
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'up', target?.verdict.summary);
    assert.equal(target?.verdict.provider, 'akamai');
    assert.ok(target?.probes.length && target.probes.every((p) => p.via === 'proxy 192.0.2.1:3128' && p.http?.status === 200), JSON.stringify(target?.probes.map((p) => [p.address, p.via])));
    assert.equal(result.code, 0);
  });

  test('without HTTPS_PROXY: local-network, exit 3, naming the blocked direct connection (ENETUNREACH)', async (t) => {
    const result = await cli(t, {});
    if (!result) return;
    assertNoCrash(result);
    const target = report(result).targets[0];
    assert.equal(target?.verdict.status, 'local-network', target?.verdict.summary);
    assert.match(target?.verdict.summary ?? '', /^No route to paytm\.com's edges from this machine \(ENETUNREACH\); 2\/2 controls down too — check your routes, firewall or proxy settings/);
    assert.equal(result.code, 3);
  });

  test('NO_PROXY and --noproxy send the named host direct (and it has no route), while the controls still use the proxy', async (t) => {
    for (const [env, extra] of [[{ HTTPS_PROXY: PROXY, NO_PROXY: 'paytm.com' }, []], [{ HTTPS_PROXY: PROXY }, ['--noproxy', '.paytm.com']]] as const) {
      const result = await cli(t, env, [...extra]);
      if (!result) return;
      assertNoCrash(result);
      const target = report(result).targets[0];
      assert.ok(target?.probes.every((p) => p.via === null && p.tcp.error?.code === 'ENETUNREACH'), JSON.stringify(target?.probes.map((p) => [p.via, p.tcp.error?.code])));
      assert.ok(target?.controls.every((c) => c.status === 'up'), JSON.stringify(target?.controls));
      assert.equal(target?.verdict.status, 'local-network');
      assert.match(target?.verdict.summary ?? '', /\(ENETUNREACH\); 2\/2 controls up by another path/);
      assert.equal(result.code, 3);
    }
  });
});
