// The text report: verdict line first, failures as code and message, nothing hostile reaching the terminal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderers, type RenderContext } from '../../../src/render/index.ts';
import { makePalette } from '../../../src/render/palette.ts';
import type { Report } from '../../../src/types.ts';
import { FIXTURES, HOSTILE, akamai2021, cloudflare522, degraded, healthyCloudflare, hostile, localNetwork } from '../../fixtures/reports.ts';
import { UNSAFE, withoutPaletteAndLines } from './unsafe.ts';

const plain: RenderContext = { palette: makePalette(false), verbose: false };
const verbose: RenderContext = { palette: makePalette(false), verbose: true };
const text = (report: Report, ctx: RenderContext = plain) => renderers.text(report, ctx);
const lines = (out: string) => out.trimEnd().split('\n');

describe('text report: the verdict line', () => {
  it('starts with host, upper-case status label and the verdict summary, readable without colour', () => {
    assert.equal(
      lines(text(akamai2021))[0],
      'paytm.com  PROVIDER OUTAGE  Akamai — edge DNS SERVFAIL at e1234.a.akamaiedge.net (3/3 canaries down, 4/4 controls up)',
    );
  });

  it('puts every target’s verdict line at the start of its block', () => {
    const out = text(akamai2021);
    for (const target of akamai2021.targets) assert.match(out, new RegExp(`^${target.host.replace(/\./g, '\\.')}  PROVIDER OUTAGE  `, 'm'));
  });

  it('colours the status label and nothing in plain mode', () => {
    assert.ok(!text(healthyCloudflare).includes('\u001b'));
    assert.ok(text(healthyCloudflare, { ...plain, palette: makePalette(true) }).includes('\u001b[32m\u001b[1mUP'));
  });
});

describe('text report: content', () => {
  it('shows failures as their code and message, never blanks', () => {
    const out = text(degraded);
    assert.match(out, /127\.40\.0\.2:443 +ECONNREFUSED .*connect ECONNREFUSED 127\.40\.0\.2:443/);
    assert.match(text(akamai2021), /✗ SERVFAIL {2}dns: SERVFAIL from 127\.0\.0\.1:53 for e1234\.a\.akamaiedge\.net/);
    assert.match(text(localNetwork), /✗ NS lookup TIMEOUT {2}dns: no answer/);
  });

  it('shows a DNS failure as a row even when the chain stops before the failing name', () => {
    const target = akamai2021.targets[0]!;
    const cut: Report = { ...akamai2021, targets: [{ ...target, dns: { ...target.dns!, chain: target.dns!.chain.slice(0, 2) } }] };
    assert.match(text(cut), /e1234\.a\.akamaiedge\.net +A +- +- +SERVFAIL/);
  });

  it('writes every timing as an integer with "ms"', () => {
    for (const report of Object.values(FIXTURES)) {
      for (const ctx of [plain, verbose]) assert.doesNotMatch(text(report, ctx), /\d\.\d+ ?ms|\d+ ms\b/);
    }
    // httpstat's phases (TCP, TLS, server processing, content transfer), then curl's time_total with DNS included.
    assert.match(text(healthyCloudflare), /edge +TCP +TLS +server +transfer +total +result\n +127\.30\.0\.1:443 +21ms +34ms +47ms +2ms +112ms +200 OK/);
  });

  it('adds the cumulative times under curl -w names in --verbose, and says which HTTP version and family were used', () => {
    assert.doesNotMatch(text(healthyCloudflare), /starttransfer/);
    assert.match(text(healthyCloudflare, verbose), /cumulative +namelookup +connect +pretransfer +starttransfer +total\n +127\.30\.0\.1:443 +8ms +29ms +63ms +110ms +112ms/);
    assert.match(text(healthyCloudflare), /Edges {2}2 of 2 healthy · HTTP\/2 · IPv4 only/);
    assert.match(text(healthyCloudflare), /DNS {2}resolver 127\.0\.0\.1:53 · zone example\.com · A only \(-4\)/);
  });

  it('names the zone owner of each hop: the site (with its DNS host) or the provider', () => {
    const out = text(akamai2021);
    assert.match(out, /paytm\.com +CNAME +paytm\.com\.edgekey\.net +300 +NOERROR +12ms +site \(Akamai Edge DNS\)/);
    assert.match(out, /e1234\.a\.akamaiedge\.net +A +- +- +SERVFAIL +9ms +Akamai/);
  });

  it('shows the POP with its city, the error-page source, and the canaries and controls', () => {
    const out = text(cloudflare522);
    assert.match(out, /POP {2}FRA Frankfurt {2}from cf-ray: 8a1b2c3d4e5f0000-FRA/);
    assert.match(out, /522 · origin error \(Cloudflare\)/);
    assert.match(out, /Canaries and controls {2}0\/2 canaries down, 3\/3 controls up/);
    assert.match(out, /canary +www\.canva\.com +Cloudflare +up/);
  });

  it('marks unconfirmed canaries and does not count them', () => {
    const out = text(degraded);
    assert.match(out, /canary\? +www\.reddit\.com/);
    assert.match(out, /0\/1 canaries down/);
  });

  it('summarises canaries and controls identical to an earlier target’s, except in verbose mode', () => {
    assert.match(text(akamai2021), /Canaries and controls {2}3\/3 canaries down, 4\/4 controls up · same as paytm\.com/);
    assert.doesNotMatch(text(akamai2021, verbose), /same as paytm\.com/);
  });

  it('ends a multi-target report with the correlation and one overall line', () => {
    const out = lines(text(akamai2021));
    assert.equal(out.at(-1), 'Overall  3 targets: 3 PROVIDER OUTAGE · exit 2 · 1322ms');
    assert.match(out.join('\n'), /Correlation across targets\n +provider +targets\n +Akamai +3\/3 down/);
  });

  it('has no overall line for a single target, and ends with its verdict again in short form', () => {
    assert.doesNotMatch(text(healthyCloudflare), /Overall/);
    assert.equal(lines(text(healthyCloudflare)).at(-1), 'www.example.com  UP · exit 0');
    assert.equal(lines(text(cloudflare522)).at(-1), `${cloudflare522.targets[0]!.host}  SITE OUTAGE · exit 1`);
  });

  it('fits one screen for one target by default (at most 40 lines)', () => {
    for (const [name, report] of Object.entries(FIXTURES)) {
      if (report.targets.length === 1) assert.ok(lines(text(report)).length <= 40, `${name}: ${lines(text(report)).length} lines`);
    }
  });

  it('says so when a target is an IP address and when there are no targets', () => {
    const ip: Report = { ...healthyCloudflare, targets: [{ ...healthyCloudflare.targets[0]!, host: '127.30.0.1', dns: null }] };
    assert.match(text(ip), /DNS {2}not used: the target is an IP address/);
    const pinned: Report = { ...healthyCloudflare, targets: [{ ...healthyCloudflare.targets[0]!, dns: null, pinned: { spec: 'www.example.com:443:127.30.0.1', port: 443, addresses: ['127.30.0.1'] } }] };
    assert.match(text(pinned), /DNS {2}not used: --resolve www\.example\.com:443:127\.30\.0\.1/);
    assert.match(text(pinned), /Edges {2}.*pinned by --resolve/);
    const routed: Report = { ...healthyCloudflare, targets: [{ ...healthyCloudflare.targets[0]!, connectTo: { spec: 'www.example.com:443:edge.example.net:8443', host: 'edge.example.net', port: 8443 } }] };
    assert.match(text(routed), /DNS {2}resolver 127\.0\.0\.1:53 · for --connect-to edge\.example\.net/);
    assert.match(text(routed), /Edges {2}.*--connect-to edge\.example\.net:8443/);
    assert.equal(text({ ...healthyCloudflare, targets: [] }), 'no targets\n');
  });
});

describe('text report: verbose', () => {
  it('adds headers, certificate details, each hop’s resolver and resolver outcomes', () => {
    const short = text(degraded);
    const long = text(degraded, verbose);
    for (const detail of [/headers +server: nginx/, /x-cache: MISS\n +x-cache: HIT/, /SANs +www\.example\.net/, /issuer +GlobalSign/, /valid +2026-09-01T00:00:00\.000Z → 2026-12-30T23:59:59\.000Z/, /TLSv1\.3 · TLS_AES_128_GCM_SHA256 · ALPN h2/, /127\.0\.0\.2:53 +TIMEOUT +dns: no answer/, /www\.example\.net CNAME +127\.0\.0\.1:53 +NOERROR/, / resolver\n/]) {
      assert.match(long, detail);
      assert.doesNotMatch(short, detail);
    }
  });

  it('shows an error body once, cleaned, and points the next identical one at the first', () => {
    const out = text(cloudflare522, verbose);
    assert.match(out, /body +<!DOCTYPE html>/);
    assert.match(out, /body +same as 127\.30\.0\.7:443/);
  });

  it('keeps the default report free of verbose-only detail and points at --verbose for hidden evidence', () => {
    assert.match(text(healthyCloudflare), /\+1 more \(--verbose\)/);
    assert.doesNotMatch(text(healthyCloudflare, verbose), /--verbose/);
  });
});

describe('text report: steering', () => {
  it('lists a steering service in the providers table, apart from the CDN', () => {
    const steering = { id: 'akamai', name: 'Akamai', evidence: [{ source: 'steering' as const, value: 'www.site.test.akadns.net', match: 'akadns.net' }] };
    const target = { ...healthyCloudflare.targets[0]!, providers: { ...healthyCloudflare.targets[0]!.providers, steering: [steering] } };
    const out = text({ ...healthyCloudflare, targets: [target] });
    assert.match(out, /steering +Akamai +steering www\.site\.test\.akadns\.net \(akadns\.net\)/);
    assert.doesNotMatch(text(healthyCloudflare), /steering/);
  });
});

describe('text report: provider names', () => {
  it('uses names the report carries by default, and the id when it has none', () => {
    const out = text(akamai2021);
    assert.match(out, /canary +www\.sonyliv\.com +Akamai +down/);
    assert.match(out, /control +aws\.amazon\.com +cloudfront +up/);
  });

  it('uses the names function when given one, for canaries, controls, hop owners and correlation', () => {
    const names = (id: string) => `<${id}>`;
    const out = text(akamai2021, { ...plain, names });
    assert.match(out, /canary +www\.sonyliv\.com +<akamai>/);
    assert.match(out, /control +aws\.amazon\.com +<cloudfront>/);
    assert.match(out, /SERVFAIL +9ms +<akamai>/);
    assert.match(out, /<akamai> +3\/3 down/);
  });
});

describe('text report: width', () => {
  // Issue 15 §1: cutting names with "…" hid the failing hop; wide columns now wrap inside their cells instead.
  it('wraps wide columns inside their cells to fit the width, never cutting a name', () => {
    const out = text(healthyCloudflare, { ...plain, width: 80 });
    for (const line of lines(out)) assert.ok(Array.from(line).length <= 80, line);
    assert.doesNotMatch(out, /…/);
    assert.match(out, /www\.example\. +A +127\.30\.0\.1 .*\n +com\.cdn\.\n +cloudflare\.net\n/);
  });

  it('leaves tables whole when no width is given', () => {
    assert.match(text(healthyCloudflare), /www\.example\.com\.cdn\.cloudflare\.net +A/);
  });
});

describe('text report: hostile network text', () => {
  const variants: [string, RenderContext][] = [
    ['plain', plain],
    ['plain verbose', verbose],
    ['coloured', { ...plain, palette: makePalette(true) }],
    ['coloured verbose', { ...verbose, palette: makePalette(true) }],
  ];
  for (const [what, ctx] of variants) {
    it(`lets no escape sequence, control or bidi character through (${what})`, () => {
      const out = text(hostile, ctx);
      assert.doesNotMatch(withoutPaletteAndLines(out), UNSAFE);
      assert.doesNotMatch(out, /evil\.example|pwned|x{600}/);
    });
  }

  it('still shows what the hostile strings say, in every field that renders', () => {
    const out = text(hostile, verbose);
    const expectations: [string, RegExp][] = [
      ['summary', /INCONCLUSIVE {2}Cloudflare — HTTP 503 at legit\.example EVIL/],
      ['reasons', /· the edge said red\n +· location click me/],
      ['CNAME data and hop names', /hostile\.example +CNAME +evilred\.cdn\.cloudflare\.net/],
      ['TCP error code and message', /Ered +- +- +- +1ms +connect failed legit\.example EVIL click me/],
      ['HTTP reason and location', /503 Service Unavailable · edge error \(Cloudflare\) · → click me/],
      ['certificate subject', /subject +click me/],
      ['certificate SANs cut', /SANs +legit\.example EVIL, abcdcbax, x+…/],
      ['certificate issuer', /issuer +red/],
      ['certificate validity', /valid +\? → C1-CSI/],
      ['verify error', /no: ERR_TLS_CERT_ALTNAME_INVALID Hostname\/IP does not match certificate's altnames: red/],
      ['header names and values', /x-evilred: click me\n +x-cr: legit\.example EVIL\n +x-bidi: abcdcbax\n +x-long: x+…/],
      ['header lists', /x-list: C1-CSI\n +x-list: abc/],
      ['body lines, CR split', /body +first line\n +redsecond\n +THIRD overwrites\n +click me\n +abcdcbax/],
      ['POP code, city and source', /POP {2}redBOM abcdcbax {2}from cf-ray: click me/],
      ['evidence', /header server: abcdcbax/],
      ['conflicts', /! CNAME says C1-CSI, headers say abc/],
      ['canary host and code', /canary +clegit\.example EVIL +Cloudflare +down +http +HTTP_red/],
      ['control host', /control +kabcdcbax/],
      ['disagreement names and answers', /xlegit\.example EVIL A +127\.0\.0\.1:53 +NOERROR +click me/],
    ];
    for (const [field, pattern] of expectations) assert.match(out, pattern, field);
  });

  it('cuts an overlong header value instead of printing it whole', () => {
    const out = text(hostile, verbose);
    const longest = Math.max(...lines(out).map((l) => Array.from(l).length));
    assert.ok(longest < 400, `longest line ${longest}`);
    assert.ok(HOSTILE.long.length > 4000);
  });
});

describe('text report: reason bullets do not repeat the canary table or the summary (issue 15 §10)', () => {
  const first = akamai2021.targets[0]!;
  const reasons = [
    'paytm.com: edge DNS SERVFAIL at e1234.a.akamaiedge.net',
    'canary www.sonyliv.com (Akamai cdn, confirmed): down at DNS (SERVFAIL)',
    `control ${first.controls[0]!.host}: up`,
    `control ${first.controls[1]!.host} (Cloudflare): up`,
    'canary www.elsewhere.example (Akamai cdn, confirmed): down at DNS (SERVFAIL)',
    '2/2 other targets on Akamai down',
  ];
  const report: Report = { ...akamai2021, targets: [{ ...first, verdict: { ...first.verdict, reasons } }] };
  const out = text(report);

  it('drops the lines about canaries and controls the table lists, and the one the summary already says', () => {
    const bullets = out.split('\n').filter((l) => l.startsWith('  · '));
    assert.deepEqual(bullets, ['  · canary www.elsewhere.example (Akamai cdn, confirmed): down at DNS (SERVFAIL)', '  · 2/2 other targets on Akamai down']);
    assert.match(out, /www\.sonyliv\.com\s+Akamai\s+down/, 'the table still has the canary');
  });

  it('keeps every reason in JSON', () => {
    const json = JSON.parse(renderers.json(report, plain)) as Report;
    assert.deepEqual(json.targets[0]!.verdict.reasons, reasons);
  });
});
