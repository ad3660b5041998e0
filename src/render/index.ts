// The renderers, chosen by format from one table; each takes a finished report and returns the string to write.
import type { Report } from '../types.ts';
import { renderJson } from './json.ts';
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

/** `text` for people (coloured per the palette), `json` for machines (ignores the context). NDJSON is streamed per target: see `renderNdjsonLine`. */
export const renderers: Record<'text' | 'json', Renderer> = {
  text: (report, ctx) => renderText(report, ctx),
  json: (report) => renderJson(report),
};

export { renderJson } from './json.ts';
export { makePalette } from './palette.ts';
export { renderText } from './text.ts';
