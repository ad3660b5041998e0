// The shipped JSON Schema describes every field of the report: fixture reports validate, broken ones do not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { renderJson, renderNdjsonLine } from '../../../src/render/json.ts';
import { FIXTURES, akamai2021, degraded } from '../../fixtures/reports.ts';

const schema = JSON.parse(readFileSync(new URL('../../../schema/report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/**
 * The shipped schema lets objects carry unknown properties (newer reports still validate). For the fixtures we
 * want the opposite: a copy where every described object is closed, so a field the schema forgot fails here.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)]));
  return 'properties' in copy && !('additionalProperties' in copy) ? { ...copy, additionalProperties: false } : copy;
}

const open = new Ajv({ allErrors: true, strict: true }).compile(schema);
const strictAjv = new Ajv({ allErrors: true, strict: true });
strictAjv.addSchema(closed(schema) as Record<string, unknown>, 'closed');
const strict = strictAjv.getSchema('closed')!;
const ndjsonLine = strictAjv.getSchema('closed#/definitions/ndjsonLine')!;

const parse = (report: unknown): unknown => JSON.parse(renderJson(report as typeof akamai2021));

/** Sets (or with `undefined`, deletes) the value at `path` inside a parsed JSON document. */
function edit(doc: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(doc);
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('report.schema.json', () => {
  for (const [name, report] of Object.entries(FIXTURES)) {
    it(`accepts the ${name} report as rendered, with no field left undescribed`, () => {
      const doc = parse(report);
      assert.ok(strict(doc), JSON.stringify(strict.errors, null, 2));
      assert.ok(open(doc), JSON.stringify(open.errors, null, 2));
    });
  }

  it('accepts each NDJSON line of a multi-target report on its own', () => {
    for (const target of akamai2021.targets) {
      const line = JSON.parse(renderNdjsonLine(target, { schemaVersion: 1, tool: akamai2021.tool }));
      assert.ok(ndjsonLine(line), JSON.stringify(ndjsonLine.errors, null, 2));
    }
  });

  const broken: [string, (string | number)[], unknown, RegExp][] = [
    ['a status outside the union', ['targets', 0, 'verdict', 'status'], 'down', /allowed values/],
    ['a timing written as a string', ['targets', 0, 'probes', 0, 'tcp', 'ms'], '12ms', /must be number/],
    ['a missing verdict', ['targets', 0, 'verdict'], undefined, /required property 'verdict'/],
    ['another schema version', ['schemaVersion'], 2, /equal to constant/],
    ['an error that is a bare string', ['targets', 0, 'probes', 1, 'tcp', 'error'], 'ECONNREFUSED', /must be object/],
    ['a negative duration', ['durationMs'], -1, /must be >= 0/],
  ];
  for (const [what, path, value, expected] of broken) {
    it(`rejects a report with ${what}`, () => {
      const doc = edit(parse(degraded), path, value);
      assert.equal(open(doc), false);
      assert.match(JSON.stringify(open.errors), expected);
    });
  }

  it('accepts steering providers and host and steering evidence, with no field left undescribed', () => {
    const steering = [{ id: 'azure-traffic-manager', name: 'Azure Traffic Manager', evidence: [{ source: 'steering', value: 'site.trafficmanager.net', match: 'trafficmanager.net' }] }];
    let doc = edit(parse(degraded), ['targets', 0, 'providers', 'steering'], steering);
    doc = edit(doc, ['targets', 0, 'providers', 'cdn', 'evidence', 0, 'source'], 'host');
    assert.ok(strict(doc), JSON.stringify(strict.errors, null, 2));
    assert.equal(open(edit(doc, ['targets', 0, 'providers', 'cdn', 'evidence', 0, 'source'], 'guess')), false);
  });

  it('rejects an undescribed field only in the closed copy used for fixtures, so newer reports stay valid for consumers', () => {
    const doc = edit(parse(degraded), ['targets', 0, 'newField'], true);
    assert.equal(open(doc), true);
    assert.equal(strict(doc), false);
  });
});
