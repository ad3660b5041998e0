// The JSON Schema that ships in the package, compiled once, so end-to-end tests hold the real binary's
// output to the same file users validate against (not to a copy kept in the tests).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export const SCHEMA_PATH = new URL('../../schema/report.schema.json', import.meta.url);

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>, 'report');

function compiled(ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`schema/report.schema.json has no ${ref}`);
  return validate;
}

const whole = compiled('report');
const line = compiled('report#/definitions/ndjsonLine');

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Schema violations of a whole `--json` report; empty when it validates. */
export function reportErrors(report: unknown): string[] {
  return whole(report) ? [] : describeErrors(whole.errors);
}

/** Schema violations of one `--ndjson` line (already parsed); empty when it validates. */
export function ndjsonLineErrors(value: unknown): string[] {
  return line(value) ? [] : describeErrors(line.errors);
}
