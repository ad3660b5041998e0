// The JSON Schema's code lists are held to the registries in src/codes.ts: a code documented there that no
// phase emits (ABORTED was), or a code emitted and not documented (DEADLINE was), fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SCHEMA_PATH } from '../../helpers/schema.ts';
import { CERTIFICATE_CODES, DEADLINE, DNS_FAILURE_CODES, DNS_TRANSPORT_CODES, codeSet } from '../../../src/codes.ts';
import { CERTIFICATE_FAULTS, SILENT_RESOLVER_CODES, UNDECIDED_CODES, ZONE_ANSWER_CODES } from '../../../src/verdict/codes.ts';

interface Node { [key: string]: unknown }
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Node;
const defs = (schema.$defs ?? schema.definitions) as Record<string, { properties: Record<string, Node> }>;

/** The upper-case code names a description lists. */
function codesIn(text: string): string[] {
  return [...text.matchAll(/\b[A-Z][A-Z_]{3,}\b/g)].map((m) => m[0]);
}

test("dnsFailure.code's list in the schema is exactly the DNS failure registry", () => {
  const listed = codesIn(String(defs.dnsFailure?.properties.code?.description));
  assert.deepEqual([...listed].sort(), [...DNS_FAILURE_CODES].sort());
});

test("hop.rcode's transport outcomes in the schema are exactly the DNS transport registry", () => {
  const text = String(defs.hop?.properties.rcode?.description);
  const transport = text.slice(text.indexOf(' or '));
  assert.deepEqual(codesIn(transport).sort(), [...DNS_TRANSPORT_CODES].sort());
});

test("a target not reached carries the registry's DEADLINE code", () => {
  assert.match(readFileSync(SCHEMA_PATH, 'utf8'), new RegExp(`"const": "${DEADLINE}"`));
});

test('the verdict tables hold registry codes only, and answer for any string', () => {
  assert.equal(CERTIFICATE_FAULTS.size, CERTIFICATE_CODES.length);
  assert.ok(CERTIFICATE_FAULTS.has('CERT_MISSING'), 'emitted by probe/connect.ts when the edge sends no certificate');
  assert.ok(!CERTIFICATE_FAULTS.has('HOSTNAME_MISMATCH'), 'Node names this ERR_TLS_CERT_ALTNAME_INVALID');
  assert.ok(!SILENT_RESOLVER_CODES.has('ABORTED'));
  assert.ok(SILENT_RESOLVER_CODES.has('TIMEOUT') && ZONE_ANSWER_CODES.has('NXDOMAIN') && UNDECIDED_CODES.has('DEADLINE'));
  assert.ok(!codeSet(['A_CODE']).has(null));
});
