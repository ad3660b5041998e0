// The renderers, chosen by format from one table; each takes a finished report and returns the string to write.
import type { Report } from '../types.ts';
import { renderGithub } from './github.ts';
import { renderJson, renderNdjson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderPrometheus } from './prometheus.ts';
import type { Palette } from './palette.ts';
import { renderText } from './text.ts';

export interface RenderContext {
  palette: Palette;
  verbose: boolean;
  /** Screen width for the text report (columns); no fitting when undefined. Ignored by JSON. */
  width?: number;
  /** Display name of a provider id (e.g. fingerprint's `providerName`). Default: names found in the report, else the id. */
  names?: (id: string) => string;
}

export type Renderer = (report: Report, ctx: RenderContext) => string;

/** Every `--format` value. */
export type ReportFormat = 'text' | 'json' | 'ndjson' | 'github' | 'junit' | 'prometheus';

/**
 * `text` for people (coloured per the palette); the others for machines (they ignore the context): `json` the
 * contract, `ndjson` one line per target (a sweep streams them instead: see `renderNdjsonLine`), `github` workflow
 * commands, `junit` JUnit XML, `prometheus` text exposition. Pure: the CLI layer writes files (-o, GitHub's).
 */
export const renderers: Record<ReportFormat, Renderer> = {
  text: (report, ctx) => renderText(report, ctx),
  json: (report) => renderJson(report),
  ndjson: (report) => renderNdjson(report),
  github: (report) => renderGithub(report),
  junit: (report) => renderJunit(report),
  prometheus: (report) => renderPrometheus(report),
};

export { renderJson } from './json.ts';
export { makePalette } from './palette.ts';
export { renderText } from './text.ts';
