// The JSON Schema that ships in the package, compiled once, so end-to-end tests hold the real binary's
// output to the same file users validate against (not to a copy kept in the tests).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export const SCHEMA_PATH = new URL('../../schema/report.schema.json', import.meta.url);

const shipped = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(shipped, 'report');

/**
 * The shipped schema lets objects carry unknown properties so newer reports still validate for consumers.
 * Our own output must be fully described, though: this copy closes every described object, so a field the
 * binary emits but the schema forgot fails the tests.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)]));
  return 'properties' in copy && !('additionalProperties' in copy) ? { ...copy, additionalProperties: false } : copy;
}
// A second Ajv: the closed copy carries the same $id.
const closedAjv = new Ajv({ allErrors: true, strict: true });
closedAjv.addSchema(closed(shipped) as Record<string, unknown>, 'closed');

function compiled(ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`schema/report.schema.json has no ${ref}`);
  return validate;
}

const whole = compiled('report');
const wholeClosed = closedAjv.getSchema('closed')!;
const line = compiled('report#/definitions/ndjsonLine');

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Schema violations of a whole `--json` report; empty when it validates. */
export function reportErrors(report: unknown): string[] {
  return whole(report) ? [] : describeErrors(whole.errors);
}

/** Violations against the closed copy: also every field the report carries that the schema does not describe. */
export function undescribedFields(report: unknown): string[] {
  return wholeClosed(report) ? [] : describeErrors(wholeClosed.errors);
}

/** Schema violations of one `--ndjson` line (already parsed); empty when it validates. */
export function ndjsonLineErrors(value: unknown): string[] {
  return line(value) ? [] : describeErrors(line.errors);
}

// ── cdn-check audit (issue 18): its --json document is `#/definitions/auditReport` of the same file ──
const auditWhole = compiled('report#/definitions/auditReport');

/** Schema violations of an `audit --json` document, and every field it carries that the schema does not describe. */
export function auditReportErrors(report: unknown): string[] {
  const closedAudit = closedAjv.getSchema('closed#/definitions/auditReport')!;
  return [...(auditWhole(report) ? [] : describeErrors(auditWhole.errors)), ...(closedAudit(report) ? [] : describeErrors(closedAudit.errors))];
}

const auditLine = compiled('report#/definitions/auditNdjsonLine');

/** Schema violations of one `audit --ndjson` line (parsed), and every field it carries that the schema does not describe. */
export function auditNdjsonLineErrors(value: unknown): string[] {
  const closedLine = closedAjv.getSchema('closed#/definitions/auditNdjsonLine')!;
  return [...(auditLine(value) ? [] : describeErrors(auditLine.errors)), ...(closedLine(value) ? [] : describeErrors(closedLine.errors))];
}

// ── --record (issue 19): schema/recording.schema.json, whose definitions point into the report schema ──
const recordingAjv = new Ajv({ allErrors: true, strict: true });
recordingAjv.addSchema(closed(shipped) as Record<string, unknown>);
recordingAjv.addSchema(closed(JSON.parse(readFileSync(new URL('../../schema/recording.schema.json', import.meta.url), 'utf8'))) as Record<string, unknown>, 'recording');
const recordingWhole = recordingAjv.getSchema('recording')!;

/** Schema violations of a recording, and every field it carries that the schema does not describe. */
export function recordingErrors(recording: unknown): string[] {
  return recordingWhole(recording) ? [] : describeErrors(recordingWhole.errors);
}
