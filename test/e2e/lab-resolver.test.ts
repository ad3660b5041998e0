// The real binary pointed at a lab running in the test process, exactly as a user points it at a resolver:
// `cdn-check --resolver 127.0.0.1:<port> --json ...`. Checks the DNS section users script against (hops,
// TTLs, rcodes, the pinned failure), the exit code, a quiet stderr, and that --deadline ends a run where
// everything hangs with a full report.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import type { Scenario } from '../../src/lab/scenario.ts';
import type { DnsReport, Report, TargetReport } from '../../src/types.ts';
import { runAgainstLab, useLab } from '../helpers/lab.ts';
import { reportErrors } from '../helpers/schema.ts';

/** TTLs the lab gives its records (src/lab/world.ts): CNAMEs 300 s, edge addresses 20 s. */
const CNAME_TTL = 300;
const A_TTL = 20;

function builtin(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  assert.ok(s, `scenario ${name}`);
  return s;
}

function only(report: Report): TargetReport {
  assert.equal(report.targets.length, 1);
  return report.targets[0]!;
}

function dnsOf(target: TargetReport): DnsReport {
  assert.ok(target.dns, `${target.host} has a DNS section`);
  return target.dns;
}

/** The CNAME hops link up: each one's data is the next hop's name. */
function assertLinked(dns: DnsReport): void {
  for (let i = 0; i + 1 < dns.chain.length; i++) {
    const hop = dns.chain[i]!;
    if (hop.type === 'CNAME' && hop.data !== null) assert.equal(dns.chain[i + 1]!.name, hop.data, `hop ${i} leads to hop ${i + 1}`);
  }
}


describe('the binary against a running akamai-2021 lab with --resolver', () => {
  const lab = useLab(builtin('akamai-2021'));

  test('paytm.com: two CNAME hops answered NOERROR with their TTLs, then SERVFAIL pinned to the akamaiedge.net leaf; exit 2', async () => {
    const { code, stderr, report } = await runAgainstLab(lab(), ['paytm.com']);
    const resolver = lab().setup.resolvers[0]!;
    assert.equal(stderr, '');
    const dns = dnsOf(only(report));
    assert.deepEqual(dns.resolvers, [resolver]);
    assert.deepEqual(
      dns.chain.map((h) => [h.name, h.type, h.data, h.ttl, h.rcode, h.resolver]),
      [
        ['paytm.com', 'CNAME', 'paytm.com.edgekey.net', CNAME_TTL, 'NOERROR', resolver],
        ['paytm.com.edgekey.net', 'CNAME', 'e7071.a.akamaiedge.net', CNAME_TTL, 'NOERROR', resolver],
        ['e7071.a.akamaiedge.net', 'CNAME', null, null, 'SERVFAIL', resolver],
      ],
    );
    for (const hop of dns.chain) assert.ok(hop.ms >= 0, `${hop.name} has a round trip time`);
    assert.deepEqual(dns.addresses, []);
    assert.ok(dns.error);
    assert.equal(dns.error.code, 'SERVFAIL');
    assert.equal(dns.error.name, 'e7071.a.akamaiedge.net');
    assert.equal(dns.error.resolver, resolver);
    assert.ok(dns.error.message.includes('e7071.a.akamaiedge.net'), dns.error.message);
    assert.deepEqual(dns.nameservers, ['a1-64.akam.net', 'a22-65.akam.net', 'a9-67.akam.net']);
    assert.equal(only(report).verdict.status, 'provider-outage');
    assert.equal(code, 2);
  });

  test('www.akamai.com on a working slot: the chain ends in A records on the Akamai edges with their TTL, no error; exit 0', async () => {
    const { code, stderr, report } = await runAgainstLab(lab(), ['www.akamai.com']);
    assert.equal(stderr, '');
    const dns = dnsOf(only(report));
    assertLinked(dns);
    const cnames = dns.chain.filter((h) => h.type === 'CNAME');
    const as = dns.chain.filter((h) => h.type === 'A');
    assert.ok(cnames.length >= 2, 'edgekey.net then akamaiedge.net');
    for (const hop of cnames) assert.deepEqual([hop.ttl, hop.rcode], [CNAME_TTL, 'NOERROR'], hop.name);
    assert.equal(as.length, 2, 'one hop per edge address');
    for (const hop of as) {
      assert.deepEqual([hop.name, hop.ttl, hop.rcode], [cnames.at(-1)!.data, A_TTL, 'NOERROR']);
      assert.match(hop.data ?? '', /^127\.20\.0\.\d+$/, 'an Akamai lab edge');
    }
    assert.deepEqual(dns.addresses, as.map((h) => h.data));
    assert.equal(dns.error, null);
    assert.equal(only(report).verdict.status, 'up');
    assert.equal(code, 0);
  });
});

describe('the binary against a running site-nxdomain lab with --resolver', () => {
  const lab = useLab(builtin('site-nxdomain'));

  test('NXDOMAIN is pinned to the first hop, inside the site\'s own zone; exit 1', async () => {
    const { code, stderr, report } = await runAgainstLab(lab(), ['shop.example-store.com']);
    assert.equal(stderr, '');
    const dns = dnsOf(only(report));
    assert.equal(dns.chain.length, 1);
    assert.deepEqual([dns.chain[0]!.name, dns.chain[0]!.rcode, dns.chain[0]!.data], ['shop.example-store.com', 'NXDOMAIN', null]);
    assert.deepEqual([dns.error?.code, dns.error?.name], ['NXDOMAIN', 'shop.example-store.com']);
    assert.equal(only(report).verdict.status, 'site-outage');
    assert.equal(code, 1);
  });
});

describe('the binary against a running resolver-1111-2025 lab with two --resolver flags', () => {
  const lab = useLab(builtin('resolver-1111-2025'));

  test('the dead resolver is named with TIMEOUT, the live one answers, and the verdict is degraded (exit 0)', async () => {
    const [dead, live] = lab().setup.resolvers;
    const { code, stderr, report } = await runAgainstLab(lab(), ['www.fastly.com']);
    assert.equal(stderr, '');
    const dns = dnsOf(only(report));
    assert.deepEqual(dns.resolvers, [dead, live]);
    const byResolver = new Map(dns.byResolver.map((o) => [o.resolver, o]));
    assert.equal(byResolver.get(dead!)?.ok, false);
    assert.equal(byResolver.get(dead!)?.error?.rcode, 'TIMEOUT');
    assert.equal(byResolver.get(live!)?.ok, true);
    assert.ok(dns.addresses.length > 0, 'addresses from the live resolver');
    assert.ok(dns.chain.every((h) => h.resolver === live), 'the chain shown is the live resolver\'s');
    assert.equal(only(report).verdict.status, 'degraded');
    assert.equal(code, 0);
  });
});

/**
 * Everything hangs: edges accept TLS and never answer HTTP; the control's zone never answers DNS; the target's
 * A query takes 1 s. Each step alone stays within --timeout, so only the deadline can end the run on time.
 */
const everythingHangs: Scenario = {
  name: 'test-everything-hangs',
  date: null,
  provider: 'cloudflare',
  title: 'test only: every edge hangs after TLS and the control\'s DNS never answers',
  story: 'Used by the deadline test: nothing finishes on its own before --deadline.',
  sites: [
    { host: 'www.stuck.example', cdn: 'cloudflare', dns: 'cloudflare', apex: true, dnsFault: { at: 'zone', delayMs: 1000, types: ['A'] } },
    { host: 'www.stuck-canary.example', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
    { host: 'www.silent-control.example', cdn: null, dns: 'self', dnsFault: { at: 'zone', fault: 'drop' } },
  ],
  providers: { cloudflare: { edges: 2, behaviour: { kind: 'hang-tls' } } },
  targets: ['www.stuck.example'],
  canaries: [{ provider: 'cloudflare', host: 'www.stuck-canary.example' }],
  controls: ['www.silent-control.example'],
  expected: { exitCode: 5, targets: {} },
};

describe('--deadline against a lab where everything hangs', () => {
  const lab = useLab(everythingHangs);
  const DEADLINE = 1500;
  const TIMEOUT = 1200;

  test('the run ends at the deadline, not at the sum of its step timeouts, with a full schema-valid report whose unfinished steps read DEADLINE or timeout', async () => {
    const { code, stderr, report } = await runAgainstLab(lab(), ['www.stuck.example'], ['--timeout', String(TIMEOUT), '--deadline', String(DEADLINE)], { killAfterMs: 20_000 });
    assert.notEqual(code, null, 'the process exited on its own (not killed)');
    assert.equal(stderr, '');
    assert.deepEqual(reportErrors(report), []);
    assert.ok(report.durationMs >= DEADLINE - 100, `durationMs ${report.durationMs} reaches the deadline`);
    assert.ok(report.durationMs <= DEADLINE + 1000, `durationMs ${report.durationMs} within a second of the deadline`);
    assert.equal(report.exitCode, code);

    const target = only(report);
    assert.equal(target.verdict.status === 'up', false, 'a hung site is not up');
    assert.ok(target.verdict.summary.length > 0);
    assert.ok(target.probes.length > 0, 'the edges DNS gave were probed');
    for (const probe of target.probes) {
      assert.equal(probe.tcp.ok, true, `${probe.address}: TCP connected`);
      assert.equal(probe.tls?.ok, true, `${probe.address}: TLS finished`);
      assert.ok(probe.http, `${probe.address}: the HTTP step is reported`);
      assert.equal(probe.http.ok, false);
      // DNS took 1 s, so the HTTP step's own timeout would end it at 2.2 s: only the deadline ends it at 1.5 s.
      assert.equal(probe.http.error?.code, 'DEADLINE', `${probe.address}: ${JSON.stringify(probe.http.error)}`);
    }
    for (const peer of [...target.canaries, ...target.controls]) {
      assert.equal(peer.status, 'down', `${peer.host} did not answer`);
      assert.match(peer.code ?? '', /TIMEOUT|DEADLINE/, `${peer.host}: ${peer.code}`);
    }
  });
});
