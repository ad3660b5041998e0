// Where an outage is seen: the local verdict refined with what remote probes (Globalping) saw of the same
// target. Pure: the verdict and the vantage report in, the verdict with its `scope` out.
//
//   from here │ remote probes                       │ scope     │ verdict
//   ──────────┼─────────────────────────────────────┼───────────┼──────────────────────────────────────────
//   any       │ none decided (error, offline, late) │ null      │ unchanged, a reason says why
//   (a remote error with some probes decided: the rows below, plus "remote vantage incomplete: …")
//   up        │ none down                           │ null      │ unchanged (nothing is down anywhere)
//   up        │ some down                           │ regional  │ unchanged, names where it is down
//   down      │ none down (all decided probes up)   │ local     │ local-network (exit 3): your network or ISP path
//   down      │ down in every country with a result │ global    │ unchanged (local-network says remote fails too)
//   down      │ down in some countries, up in others│ regional  │ unchanged, names both
import type { Status, Verdict } from '../types.ts';
import type { Scope, VantageCountry, VantageReport } from '../vantage/types.ts';
import { exitCodeFor } from './exit.ts';

/** Statuses that mean "down from here". */
const DOWN_HERE: ReadonlySet<Status> = new Set(['site-outage', 'provider-outage', 'local-network', 'inconclusive']);
/** Verdicts a clean remote picture overturns: the remote probes prove the site serves the world. */
const OVERTURNED_BY_LOCAL: ReadonlySet<Status> = new Set(['site-outage', 'provider-outage', 'inconclusive']);

const SCOPE_WORD: Record<Scope, string> = { global: 'everywhere', regional: 'regional', local: 'only here' };

export interface ScopeDecision {
  scope: Scope | null;
  /** "down from IN (5/5 probes), up from US, DE (10/10)"; null when no probe was decided. */
  phrase: string | null;
}

/** The scope alone (the table above, without the verdict's rewording). */
export function decideScope(downHere: boolean, countries: readonly VantageCountry[]): ScopeDecision {
  const decided = countries.filter((c) => c.up + c.down > 0);
  if (decided.length === 0) return { scope: null, phrase: null };
  const down = decided.filter((c) => c.down > c.up);
  const up = decided.filter((c) => c.up >= c.down);
  const downProbes = decided.reduce((n, c) => n + c.down, 0);
  const phrase = wherePhrase(down, up);
  if (!downHere) return { scope: downProbes === 0 ? null : 'regional', phrase };
  if (downProbes === 0) return { scope: 'local', phrase };
  if (up.length === 0) return { scope: 'global', phrase };
  return { scope: 'regional', phrase };
}

/**
 * The verdict with `scope` set (null without remote results) and, when the remote probes all see the site
 * up while it is down from here, turned into `local-network` — saying what the local evidence was.
 */
export function applyScope(verdict: Verdict, vantage: VantageReport | null, strict: boolean): Verdict {
  if (!vantage) return { ...verdict, scope: null };
  const downHere = DOWN_HERE.has(verdict.status);
  const { scope, phrase } = decideScope(downHere, vantage.countries);
  if (vantage.error && phrase === null) return { ...verdict, scope: null, reasons: [...verdict.reasons, `remote vantage unavailable: ${vantage.error.message}`] };
  if (phrase === null) return { ...verdict, scope: null, reasons: [...verdict.reasons, 'remote vantage: no probe gave a usable result'] };
  // Some probes answered although part of the remote work failed (the HTTP measurement, say): they still count.
  const incomplete = vantage.error ? [`remote vantage incomplete: ${vantage.error.message}`] : [];
  const seen = `from elsewhere: ${phrase}`;
  if (scope === 'local' && OVERTURNED_BY_LOCAL.has(verdict.status)) {
    const status: Status = 'local-network';
    return {
      ...verdict,
      status,
      exitCode: exitCodeFor(status, strict),
      provider: null,
      // Extent measures a provider outage's reach; this is no longer one.
      extent: null,
      scope,
      summary: `Down only from here: ${phrase} — your network or ISP's path to the site, not the site or its provider`,
      reasons: [`from here the verdict was ${verdict.status}: ${verdict.summary}`, ...verdict.reasons, ...incomplete],
    };
  }
  const note = scope === 'global' && verdict.status === 'local-network' ? [`${seen}: not only your network`] : [seen];
  // The summary carries where it is down: that is the next thing on-call asks.
  const summary = scope === null ? verdict.summary : `${verdict.summary} — ${SCOPE_WORD[scope]}: ${phrase}`;
  return { ...verdict, scope, summary, reasons: [...verdict.reasons, ...note, ...incomplete] };
}

/** "down from IN (5/5 probes), up from US, DE (10/10)" — counts are probes with a result. */
function wherePhrase(down: readonly VantageCountry[], up: readonly VantageCountry[]): string {
  const part = (word: string, list: readonly VantageCountry[], count: (c: VantageCountry) => number) => {
    if (list.length === 0) return null;
    const n = list.reduce((sum, c) => sum + count(c), 0);
    const of = list.reduce((sum, c) => sum + c.up + c.down, 0);
    return `${word} from ${list.map((c) => c.country).join(', ')} (${n}/${of} ${of === 1 ? 'probe' : 'probes'})`;
  };
  return [part('down', down, (c) => c.down), part('up', up, (c) => c.up)].filter(Boolean).join(', ');
}
