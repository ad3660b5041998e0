// The run's one door to the remote vantage: a starter that measures a target from elsewhere, begun when the
// target's local diagnosis begins and awaited only when its verdict is decided. Null without --from, so a
// run without it pays nothing.
import type { Options } from '../options.ts';
import type { Target } from '../types.ts';
import { VERSION } from '../version.ts';
import type { ClientConfig } from './client.ts';
import { measureTarget, TestBudget } from './measure.ts';
import type { VantageReport } from './types.ts';
import { VANTAGE_CODES } from './client.ts';

/** The remote part stops this long before the run's deadline, leaving time to decide and print. */
const REPORT_MARGIN_MS = 250;

export type VantageStarter = (target: Target) => Promise<VantageReport>;

/** What the remote part tells the run's event stream (its --debug lines; never the token). */
interface VantageLog {
  type: 'log';
  stage: 'vantage';
  message: string;
}

export function startVantage(options: Options, run: { signal: AbortSignal; now: () => number; startedAt: number; emit: (event: VantageLog) => void }): VantageStarter | null {
  const v = options.vantage;
  if (!v) return null;
  const budget = new TestBudget(v.maxTests);
  const cfg: ClientConfig = {
    apiUrl: v.apiUrl,
    token: v.token,
    userAgent: `cdn-check/${VERSION} (remote vantage via Globalping)`,
    now: run.now,
    deadlineAt: run.startedAt + Math.max(0, options.deadlineMs - REPORT_MARGIN_MS),
    signal: run.signal,
  };
  const plan = { locations: v.locations, probes: v.probes, maxTests: v.maxTests, port: options.port };
  return async (target) => {
    run.emit({ type: 'log', stage: 'vantage', message: `measuring ${target.host} from ${v.locations.join(', ')} (${v.probes} probes each) via ${v.apiUrl}` });
    // A bug here must cost the remote section, never the local verdict.
    const report = await measureTarget(target, plan, cfg, budget).catch((error: unknown) => failed(v.locations, error));
    const ids = report.measurements.map((m) => `${m.type} ${m.id} ${m.status}`).join(', ');
    run.emit({ type: 'log', stage: 'vantage', message: `${target.host}: ${report.error ? `${report.error.code} ${report.error.message}` : `${report.probes.length} probes`}${ids ? ` (${ids})` : ''}` });
    return report;
  };
}

function failed(locations: string[], error: unknown): VantageReport {
  const message = error instanceof Error ? error.message : String(error);
  return { engine: 'globalping', locations, measurements: [], probes: [], countries: [], error: { code: VANTAGE_CODES.internal, message: `internal error: ${message.slice(0, 200)}` }, rateLimit: null };
}
