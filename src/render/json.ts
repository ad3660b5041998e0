// Machine output: the whole report as one JSON document, or one self-contained JSON line per target (NDJSON).
import type { Report, TargetReport } from '../types.ts';

/** What every NDJSON line repeats so it stands alone. */
export interface NdjsonMeta {
  schemaVersion: 1;
  tool: Report['tool'];
}

/**
 * Characters JSON.stringify leaves raw that a terminal may still act on or that hide text: DEL, C1 controls
 * (U+0080–U+009F, including the 8-bit CSI), line/paragraph separators, bidi controls and zero-width characters.
 * JSON.stringify already escapes C0 controls (ESC becomes \u001b).
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Escapes the characters above as \uXXXX. Safe on any JSON.stringify output: outside strings it emits ASCII only,
 * so every match is inside a string, and the parsed value is unchanged.
 */
export function escapeUnsafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The report as one JSON document (2-space indent, trailing newline), exactly the `Report` contract:
 * `schemaVersion: 1`, milliseconds as numbers, failures as `{ code, message }` data. Network strings are kept as
 * they were received (not sanitised) but can never carry a raw control character or escape sequence to a terminal.
 */
export function renderJson(report: Report): string {
  return `${escapeUnsafe(JSON.stringify(report, null, 2))}\n`;
}

/**
 * One target as a single compact line ending in "\n": `{ schemaVersion, tool, ...target }`, so each line can be
 * read on its own (the cross-target `correlation` only exists in the full report).
 */
export function renderNdjsonLine(target: TargetReport, meta: NdjsonMeta): string {
  return `${escapeUnsafe(JSON.stringify({ schemaVersion: meta.schemaVersion, tool: meta.tool, ...target }))}\n`;
}

/** A whole report as NDJSON: one renderNdjsonLine per target (a sweep streams the same lines as they come). */
export function renderNdjson(report: Report): string {
  return report.targets.map((t) => renderNdjsonLine(t, { schemaVersion: report.schemaVersion, tool: report.tool })).join('');
}

/** A JSON document written a target at a time (sweeps): the same document renderJson would give, in pieces. */
export interface JsonPieces {
  /** Everything before the first target. */
  head(report: Pick<Report, 'schemaVersion' | 'tool' | 'startedAt'>): string;
  /** One element of `targets`, with the separator it needs (`first` is false after the first one). */
  target(target: TargetReport, first: boolean): string;
  /** The rest of the document after the last target. */
  tail(rest: Pick<Report, 'durationMs' | 'exitCode' | 'correlation' | 'unreached'>): string;
}

/** Indents every line but the first of a JSON.stringify(…, null, 2) value so it nests `depth` levels down. */
function nested(value: unknown, depth: number): string {
  return escapeUnsafe(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

export const jsonPieces: JsonPieces = {
  head: (r) => `{\n  "schemaVersion": ${r.schemaVersion},\n  "tool": ${nested(r.tool, 1)},\n  "startedAt": ${nested(r.startedAt, 1)},\n  "targets": [`,
  target: (t, first) => `${first ? '' : ','}\n    ${nested(t, 2)}`,
  tail: (r) => {
    const fields = Object.entries(r).filter(([, v]) => v !== undefined);
    return `\n  ],\n${fields.map(([k, v]) => `  ${JSON.stringify(k)}: ${nested(v, 1)}`).join(',\n')}\n}\n`;
  },
};
