// The audit's I/O against the lab over real UDP/TCP on loopback: NS sets read, each listed NS asked directly on
// the lab's port, a dead NS found, a CDN steered by resolver seen as multi-CDN, and the concentration of a run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditTarget, concentration } from '../../src/audit/analyze.ts';
import { gatherFacts, type GatherOptions } from '../../src/audit/gather.ts';
import { once } from 'node:events';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createQuerier } from '../../src/dns/query.ts';
import { createLabCa } from '../../src/lab/certs.ts';
import { DEAD_NS_ADDRESS, LAME_NS_ADDRESS } from '../../src/lab/audit-sites.ts';
import { startAuditLab, type AuditLab } from '../../src/lab/audit-lab.ts';
import type { LabDnsServer } from '../../src/lab/dns-server.ts';

describe('audit against the lab', () => {
  let lab: AuditLab;
  let a: LabDnsServer;
  let b: LabDnsServer;
  let opts: GatherOptions;
  before(async () => {
    lab = await startAuditLab();
    [a, b] = lab.resolvers;
    opts = { query: createQuerier(), resolvers: [a.resolver], nsPort: lab.nsPort, tlsPort: 443, timeoutMs: 4000 };
  });
  after(async () => {
    await lab.close();
  });

  const audit = async (host: string, over: Partial<GatherOptions> = {}) => auditTarget(await gatherFacts(host, { ...opts, ...over }));

  it('finds a site at one DNS provider and one CDN critical, with every NS answering on the lab port', async () => {
    const result = await audit('www.single.test');
    assert.equal(result.zone, 'single.test');
    assert.deepEqual(result.dns.providers.map((p) => [p.provider, p.ownership]), [['cloudflare', 'third-party']]);
    assert.ok(result.dns.nsChecks.length === 2 && result.dns.nsChecks.every((c) => c.answering && c.authoritative === true && c.at === `127.0.0.1:${a.port}`));
    assert.deepEqual(result.findings.map((f) => f.code).sort(), ['CRITICAL_CDN', 'CRITICAL_DNS']);
  });

  it('finds NS at two providers, and private + third-party NS, redundant', async () => {
    const two = await audit('twodns.test');
    assert.equal(two.dns.redundant, true);
    assert.deepEqual(two.findings, []);
    const mixed = await audit('mixed.test');
    assert.equal(mixed.dns.ownership, 'both');
    assert.deepEqual(mixed.findings, []);
  });

  it('reports the listed NS that does not answer for the zone', async () => {
    const result = await audit('deadns.test');
    const dead = result.findings.filter((f) => f.code === 'NS_NOT_ANSWERING');
    assert.equal(dead.length, 1);
    assert.match(dead[0]?.message ?? '', /ns2\.deadns\.test/);
    assert.equal(result.dns.nsChecks.find((c) => c.name === 'ns2.deadns.test')?.at, `${DEAD_NS_ADDRESS}:${a.port}`);
  });

  it('reports the listed NS that answers without the AA bit as a lame delegation, and only that one', async () => {
    const result = await audit('lame.test');
    assert.deepEqual(result.findings.map((f) => f.code), ['NS_LAME_DELEGATION']);
    assert.deepEqual(result.findings[0]?.evidence, [`${LAME_NS_ADDRESS}:${a.port}`]);
    assert.deepEqual(result.dns.nsChecks.map((c) => [c.name, c.answering, c.authoritative]), [['ns.lame-dns.test', true, false], ['ns1.lame.test', true, true]]);
  });

  it('counts an NS answering on another port than the one asked as not answering', async () => {
    const result = await audit('twodns.test', { nsPort: b.port === a.port + 1 ? a.port + 2 : a.port + 1 });
    assert.equal(result.findings.filter((f) => f.code === 'NS_NOT_ANSWERING').length, 2);
  });

  it('sees a CDN steered by resolver as multi-CDN (redundant), and one resolver alone as critical', async () => {
    const both = await audit('www.multicdn.test', { resolvers: [a.resolver, b.resolver] });
    assert.deepEqual(both.cdn.providers.map((p) => p.provider), ['akamai', 'fastly']);
    assert.equal(both.cdn.redundant, true);
    assert.ok(!both.findings.some((f) => f.code === 'CRITICAL_CDN'));
    const one = await audit('www.multicdn.test');
    assert.ok(one.findings.some((f) => f.code === 'CRITICAL_CDN'));
  });

  it('reads the DNS behind the CDN\'s own names: Akamai\'s on its own DNS, this lab\'s Fastly on NS1 alone', async () => {
    const akamai = await audit('www.single.test');
    assert.deepEqual(akamai.indirect.map((d) => [d.domain, d.cdn, d.providers.map((g) => [g.provider, g.ownership]), d.critical]), [
      ['edgekey.net', 'akamai', [['akamai', 'private']], false],
      ['akamaiedge.net', 'akamai', [['akamai', 'private']], false],
    ]);
    const fastly = await audit('www.fastlyonly.test');
    assert.deepEqual(fastly.indirect.map((d) => [d.domain, d.providers.map((g) => g.provider), d.critical]), [['fastly.net', ['ns1'], true]]);
    assert.deepEqual(fastly.findings.map((f) => f.code), ['CRITICAL_CDN', 'CRITICAL_INDIRECT_DNS']);
  });

  it('asks for a CDN domain\'s NS once per run when targets share a cache', async () => {
    const cache = new Map();
    const before = a.queryCount();
    await Promise.all(['www.single.test', 'www.single.test', 'www.single.test'].map((h) => audit(h, { cdnDomainCache: cache })));
    const perTarget = a.queryCount() - before;
    const again = a.queryCount();
    await audit('www.single.test');
    const alone = a.queryCount() - again;
    assert.equal(perTarget, 3 * alone - 2 * 2, 'two CDN domains asked once, not three times');
  });

  it('asks one server for a zone\'s NS once: two NS names on the same address share the check, and a run\'s cache shares it between targets of the zone', async () => {
    const asked: string[] = [];
    const real = createQuerier();
    const query: GatherOptions['query'] = (resolver, name, type, o) => {
      asked.push(`${name} ${type}`);
      return real(resolver, name, type, o);
    };
    const result = await audit('www.single.test', { query });
    assert.equal(result.dns.nsChecks.length, 2);
    assert.ok(result.dns.nsChecks.every((c) => c.answering && c.at === `127.0.0.1:${a.port}`), 'both NS still reported, from the one answer');
    assert.equal(asked.filter((q) => q === 'single.test NS').length, 2, 'once by the trace, once for both NS checks (one address)');
    const cache = new Map();
    await audit('www.single.test', { query, nsCheckCache: cache });
    asked.length = 0;
    await audit('www.single.test', { query, nsCheckCache: cache });
    assert.equal(asked.filter((q) => q === 'single.test NS').length, 1, 'the trace only: the check is the run\'s');
  });

  describe('the lab\'s HTTPS edges: OCSP stapling and the landing page', () => {
    const onEdges = (over: Partial<GatherOptions> = {}) => ({ tlsPort: lab.edgePort, ...over });

    it('finds the edge that staples OCSP not critical and the one that does not critical', async () => {
      const stapled = await audit('www.single.test', onEdges());
      assert.equal(stapled.ca?.stapled, true);
      assert.ok(!stapled.findings.some((f) => f.code === 'CRITICAL_CA'));
      const silent = await audit('www.fastlyonly.test', onEdges());
      assert.equal(silent.ca?.stapled, false);
      assert.ok(silent.findings.some((f) => f.code === 'CRITICAL_CA'));
    });

    it('reads the landing page, groups what it loads by CDN and marks the render-blocking hosts', async () => {
      const result = await audit('www.pagedeps.test', onEdges());
      const page = result.page;
      assert.equal(page?.error, null);
      assert.equal(page?.url, 'https://www.pagedeps.test/');
      assert.deepEqual(page?.providers.map((g) => [g.provider, g.hosts, g.renderBlocking]), [
        ['akamai', ['js.pagedeps.test', 'www.pagedeps.test'], ['js.pagedeps.test']],
        ['cloudflare', ['img.pagecdn-cloudflare.test', 'tags.pagecdn-cloudflare.test'], []],
        ['fastly', ['fonts.pagecdn-fastly.test', 'static.pagecdn-fastly.test'], ['static.pagecdn-fastly.test']],
        [null, ['player.pagecdn-self.test'], []],
      ]);
      assert.deepEqual(page?.renderBlocking.map((r) => [r.kind, r.url]), [['stylesheet', 'https://static.pagecdn-fastly.test/site.css'], ['script', 'https://js.pagedeps.test/app.js']]);
      // Akamai serves the site itself (CRITICAL_CDN); Fastly is a second single point of failure.
      const single = result.findings.filter((f) => f.code === 'SINGLE_CDN_PAGE_DEPENDENCY');
      assert.deepEqual(single.map((f) => f.evidence), [['https://static.pagecdn-fastly.test/site.css']]);
    });

    it('follows a redirect within the site and not one to another site', async () => {
      const apex = await audit('pagedeps.test', onEdges());
      assert.equal(apex.page?.url, 'https://www.pagedeps.test/');
      assert.equal(apex.page?.hosts, 7);
      const away = await audit('www.offsite.test', onEdges());
      assert.equal(away.page?.error?.code, 'REDIRECT_OFF_SITE');
      assert.equal(away.page?.status, 301);
      assert.equal(away.page?.resources, 0);
    });

    it('reads neither certificate nor page in DNS-only mode', async () => {
      const before = lab.resolvers[0].queryCount();
      const result = await audit('www.pagedeps.test', onEdges({ fingerprintOnly: true }));
      assert.equal(result.ca, null);
      assert.equal(result.page, null);
      assert.ok(lab.resolvers[0].queryCount() > before);
    });
  });

  describe('the certificate authority and OCSP stapling', () => {
    const servers: Server[] = [];
    const ports: Record<'staples' | 'silent', number> = { staples: 0, silent: 0 };
    before(async () => {
      const leaf = createLabCa().issue(['www.single.test']);
      for (const kind of ['staples', 'silent'] as const) {
        const server = createServer({ cert: leaf.cert, key: leaf.key });
        // Node staples whatever the OCSPRequest listener hands back; an edge without one staples nothing.
        if (kind === 'staples') server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, done: (err: Error | null, response?: Buffer) => void) => done(null, Buffer.from('lab OCSP response')));
        server.on('tlsClientError', () => {});
        server.listen(0, '127.20.0.1');
        await once(server, 'listening');
        ports[kind] = (server.address() as AddressInfo).port;
        servers.push(server);
      }
    });
    after(() => {
      for (const server of servers) server.close();
    });

    it('finds a third-party CA on an edge that staples no OCSP response critical', async () => {
      const result = await audit('www.single.test', { tlsPort: ports.silent });
      assert.equal(result.ca?.stapled, false);
      assert.equal(result.ca?.ownership, 'third-party');
      assert.ok(result.findings.some((f) => f.code === 'CRITICAL_CA'));
    });

    it('finds the same CA on an edge that staples not critical', async () => {
      const result = await audit('www.single.test', { tlsPort: ports.staples });
      assert.equal(result.ca?.stapled, true);
      assert.ok(result.ca?.issuer);
      assert.ok(!result.findings.some((f) => f.code === 'CRITICAL_CA'));
    });

    it('reports a handshake that could not be made as an error, not a finding', async () => {
      const result = await audit('www.single.test', { tlsPort: 1 } /* nothing listens on port 1 */);
      assert.ok(result.ca?.error);
      assert.ok(!result.findings.some((f) => f.code === 'CRITICAL_CA'));
    });
  });

  it('builds the concentration table of the lab sites', async () => {
    const audits = await Promise.all(['www.single.test', 'twodns.test', 'mixed.test', 'deadns.test'].map((h) => audit(h)));
    const cloudflare = concentration(audits).find((r) => r.role === 'dns' && r.provider === 'cloudflare');
    assert.deepEqual(cloudflare && [cloudflare.targets, cloudflare.critical, cloudflare.share], [3, 1, 0.25]);
  });
});
