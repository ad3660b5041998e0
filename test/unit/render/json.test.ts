// Machine output: the report as valid JSON with nothing raw a terminal would act on, and standalone NDJSON lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderers } from '../../../src/render/index.ts';
import { renderJson, renderNdjsonLine } from '../../../src/render/json.ts';
import { makePalette } from '../../../src/render/palette.ts';
import type { Report } from '../../../src/types.ts';
import { FIXTURES, HOSTILE, akamai2021, degraded, hostile } from '../../fixtures/reports.ts';
import { UNSAFE } from './unsafe.ts';

const META = { schemaVersion: 1, tool: { name: 'cdn-check', version: '0.1.0' } } as const;

/** A report whose only oddity is one header value. */
function withHeader(value: string): Report {
  const target = degraded.targets[0]!;
  const probe = target.probes[0]!;
  return { ...degraded, targets: [{ ...target, probes: [{ ...probe, http: { ...probe.http!, headers: { 'x-test': value } } }] }] };
}

describe('renderJson', () => {
  it('writes one document with 2-space indent and a trailing newline that parses back to the report', () => {
    for (const report of Object.values(FIXTURES)) {
      const out = renderJson(report);
      assert.ok(out.endsWith('}\n'));
      assert.ok(out.startsWith('{\n  "schemaVersion": 1,\n  "tool": {'));
      assert.deepEqual(JSON.parse(out), JSON.parse(JSON.stringify(report)));
    }
  });

  it('keeps milliseconds as numbers and errors as data', () => {
    const doc = JSON.parse(renderJson(degraded));
    assert.equal(typeof doc.targets[0].probes[0].tcp.ms, 'number');
    assert.deepEqual(doc.targets[0].probes[1].tcp.error, { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.40.0.2:443' });
  });

  it('writes an ESC in a header as \\u001b, and it parses back to the ESC', () => {
    const out = renderJson(withHeader('\u001b[31mred'));
    assert.ok(out.includes('"x-test": "\\u001b[31mred"'));
    assert.ok(!out.includes('\u001b'));
    assert.equal(JSON.parse(out).targets[0].probes[0].http.headers['x-test'], '\u001b[31mred');
  });

  it('escapes what JSON.stringify leaves raw (C1 CSI, DEL, bidi, line separators) and round-trips them', () => {
    for (const value of ['\u009b31m', 'a\u007fb', 'abc\u202edcba\u2066x\u2069', 'a\u2028b', 'z\u200bw\ufeff']) {
      const out = renderJson(withHeader(value));
      assert.doesNotMatch(out.replace(/\n/g, ''), UNSAFE, JSON.stringify(value));
      assert.equal(JSON.parse(out).targets[0].probes[0].http.headers['x-test'], value);
    }
  });

  it('keeps hostile network text faithfully as data while emitting nothing unsafe', () => {
    const out = renderJson(hostile);
    assert.doesNotMatch(out.replace(/\n/g, ''), UNSAFE);
    const doc = JSON.parse(out);
    assert.equal(doc.targets[0].probes[0].tls.subject, HOSTILE.osc8);
    assert.equal(doc.targets[0].dns.chain[0].data, `evil${HOSTILE.csi}.cdn.cloudflare.net`);
  });

  it('is what renderers.json returns, with no colour even when the palette has it', () => {
    assert.equal(renderers.json(akamai2021, { palette: makePalette(true), verbose: true }), renderJson(akamai2021));
  });
});

describe('renderNdjsonLine', () => {
  it('writes one compact line per target carrying schemaVersion and tool, ending in a newline', () => {
    for (const target of akamai2021.targets) {
      const out = renderNdjsonLine(target, META);
      assert.ok(out.endsWith('\n'));
      assert.equal(out.indexOf('\n'), out.length - 1);
      const doc = JSON.parse(out);
      assert.equal(doc.schemaVersion, 1);
      assert.deepEqual(doc.tool, META.tool);
      assert.equal(doc.host, target.host);
      assert.deepEqual(doc.verdict, target.verdict);
    }
  });

  it('puts schemaVersion and tool first, so a line is recognisable from its start', () => {
    assert.ok(renderNdjsonLine(akamai2021.targets[0]!, META).startsWith('{"schemaVersion":1,"tool":{"name":"cdn-check","version":"0.1.0"},"input":"paytm.com"'));
  });

  it('stays one line and safe with hostile text (a CR or LF in a value never splits the line)', () => {
    const out = renderNdjsonLine(hostile.targets[0]!, META);
    assert.equal(out.split('\n').length, 2);
    assert.doesNotMatch(out.slice(0, -1), UNSAFE);
    assert.equal(JSON.parse(out).probes[0].http.headers['x-cr'], HOSTILE.cr);
  });
});
