// curl's conventions through the real binary against a lab: HTTP/2 by ALPN (and --http1.1), --resolve pins that
// skip DNS, and edge timings per phase and cumulative, in the JSON report and in the text one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAgainstLab, useLab as useScenarioLab } from '../helpers/lab.ts';
import { runCli } from '../helpers/cli.ts';
import { HEALTHY_PAYTM } from '../helpers/netns.ts';

/** A fresh lab per suite, so what its DNS server was asked belongs to that suite. */
const useLab = () => useScenarioLab(HEALTHY_PAYTM);

const near = (a: number | null | undefined, b: number, what: string): void => assert.ok(typeof a === 'number' && Math.abs(a - b) < 0.05, `${what}: ${a} vs ${b}`);

describe('HTTP/2 by ALPN and edge timings, against a healthy lab', () => {
  const lab = useLab();

  test('every edge is asked over HTTP/2, the report says h2, and the timings add up as curl\'s do', async () => {
    const { code, report } = await runAgainstLab(lab(), ['paytm.com']);
    assert.equal(code, 0);
    const target = report.targets[0]!;
    assert.ok(target.probes.length > 0);
    for (const probe of target.probes) {
      assert.equal(probe.tls?.alpn, 'h2');
      assert.equal(probe.http?.protocol, 'h2');
      assert.equal(probe.http?.status, 200);
      const t = probe.timings;
      assert.ok(t, 'timings present');
      assert.ok(t.dnsLookup > 0, 'the DNS lookup took some time');
      near(t.connect, t.namelookup + (t.tcpConnection ?? NaN), 'connect');
      near(t.pretransfer, (t.connect ?? NaN) + (t.tlsHandshake ?? NaN), 'pretransfer');
      near(t.starttransfer, (t.pretransfer ?? NaN) + (t.serverProcessing ?? NaN), 'starttransfer');
      near(t.total, (t.starttransfer ?? NaN) + (t.contentTransfer ?? NaN), 'total');
      near(t.total, t.namelookup + probe.totalMs, 'total vs the probe');
    }
  });

  test('--http1.1 offers only HTTP/1.1, and the report says http/1.1', async () => {
    const { code, report } = await runAgainstLab(lab(), ['paytm.com'], ['--http1.1']);
    assert.equal(code, 0);
    for (const probe of report.targets[0]!.probes) {
      assert.equal(probe.tls?.alpn, 'http/1.1');
      assert.equal(probe.http?.protocol, 'http/1.1');
      assert.equal(probe.http?.reason, 'OK');
    }
  });

  test('the text report names the protocol and httpstat\'s phases, and --verbose adds curl\'s cumulative times', async () => {
    const { stdout, code } = await runCli([...lab().args, '--verbose', 'paytm.com']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Edges {2}\d+ of \d+ healthy · HTTP\/2/);
    assert.match(stdout, /edge +TCP +TLS +server +transfer +total +result/);
    assert.match(stdout, /cumulative +namelookup +connect +pretransfer +starttransfer +total/);
  });
});

describe('--resolve host:port:address', () => {
  const lab = useLab();

  test('skips DNS for the pinned host (not one query names it), probes the pinned address, and the report shows the pin', async () => {
    const { edges } = lab();
    // An edge of the same (healthy) Akamai slot set, learnt from another site on it: paytm.com itself is never asked.
    const address = (await runAgainstLab(lab(), ['www.akamai.com'])).report.targets[0]!.probes[0]!.address;
    const before = edges.requestCount();
    const spec = `paytm.com:${lab().setup.port}:${address}`;
    const { code, report } = await runAgainstLab(lab(), ['paytm.com'], ['--resolve', spec]);
    assert.equal(code, 0, report.targets[0]?.verdict.summary);
    const target = report.targets[0]!;
    assert.equal(target.dns, null);
    assert.deepEqual(target.pinned, { spec, port: lab().setup.port, addresses: [address] });
    assert.deepEqual(target.probes.map((p) => p.address), [address]);
    assert.equal(target.probes[0]?.http?.status, 200);
    assert.equal(target.probes[0]?.timings?.namelookup, 0);
    assert.ok(edges.requestCount() > before);
    for (const server of lab().resolvers) assert.ok(!server.askedNames().has('paytm.com'), 'paytm.com was asked of the lab DNS');
  });

  test('--connect-to sends the probes to another host\'s edges: its chain is walked, the target keeps its SNI and Host', async () => {
    const port = lab().setup.port;
    const spec = `paytm.com:${port}:www.akamai.com:${port}`;
    const { code, report } = await runAgainstLab(lab(), ['paytm.com'], ['--connect-to', spec]);
    assert.equal(code, 0, report.targets[0]?.verdict.summary);
    const target = report.targets[0]!;
    assert.deepEqual(target.connectTo, { spec, host: 'www.akamai.com', port });
    assert.equal(target.dns?.chain[0]?.name, 'www.akamai.com');
    assert.ok(target.probes.length > 0 && target.probes.every((p) => p.http?.status === 200 && p.tls?.subject === 'paytm.com'), JSON.stringify(target.probes.map((p) => [p.address, p.tls?.subject])));
    for (const server of lab().resolvers) assert.ok(!server.askedNames().has('paytm.com'), 'paytm.com was asked of the lab DNS');
  });

  test('a pin for another port leaves DNS in charge', async () => {
    const { report } = await runAgainstLab(lab(), ['paytm.com'], ['--resolve', 'paytm.com:1:127.0.0.1']);
    const target = report.targets[0]!;
    assert.ok(target.dns);
    assert.equal(target.pinned, undefined);
  });
});
