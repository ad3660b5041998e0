// Each --format's renderer, imported on first use. The text report alone brings the table library (cli-table3,
// ~75 KB) and its sections; a JSON or NDJSON run never needs them, nor the CI formats' modules: every module a run
// does not load is start-up time and memory saved (issue 14).
import type { Renderer, ReportFormat } from './index.ts';
import type * as Text from './text.ts';

const LOADERS: Record<ReportFormat, () => Promise<Renderer>> = {
  text: async () => (await import('./text.ts')).renderText,
  json: async () => (await import('./json.ts')).renderJson,
  ndjson: async () => (await import('./json.ts')).renderNdjson,
  github: async () => (await import('./github.ts')).renderGithub,
  junit: async () => (await import('./junit.ts')).renderJunit,
  prometheus: async () => (await import('./prometheus.ts')).renderPrometheus,
};

/** The renderer of a whole report in `format` (as `renderers` in index.ts, without loading the others). */
export function loadRenderer(format: ReportFormat): Promise<Renderer> {
  return LOADERS[format]();
}

/** The text report's pieces for a run that streams targets as they are decided. */
export function loadTextRenderer(): Promise<typeof Text> {
  return import('./text.ts');
}
