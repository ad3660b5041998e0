// The first DNS questions of a plain diagnosis, sent by bin/ before the CLI bundle loads: the answers travel
// while commander, the options and the run load (~20-30 ms of a laptop's start-up), instead of after. Only argv
// of a shape known for sure is read here — every word a target, a known flag, or a known option and its plain
// value; anything else (a subcommand, `--opt=value`, an unknown flag, a sweep) sends nothing, and the CLI then
// asks as it always did. Nothing is decided here: the run validates everything again and takes the answers
// through its querier (dns/query.ts), as if it had asked.
import { parseResolverSpec, readSystemResolvers } from './dns/system.ts';
import { parseTarget } from './target.ts';
import type { ResolverAddress } from './types.ts';

/** Flags that change nothing about the first questions. */
const FLAGS = new Set([
  '--json', '--ndjson', '-q', '--quiet', '-k', '--insecure', '--no-builtin-canaries', '--no-builtin-controls', '--strict',
  '--fingerprint-only', '-v', '--verbose', '--debug', '--color', '--no-color', '--http1.1', '--no-status',
]);
/** Options whose value changes nothing about the first questions, as long as it is a plain word. */
const VALUED = new Set(['--port', '--ca-file', '--deadline', '--canary', '--control', '--format', '-o', '--output', '--noproxy', '--fallback-resolver', '--concurrency']);
/** More targets than this is a sweep (it asks without the speculative CNAME): not prefetched. */
const MOST_TARGETS = 8;
const DEFAULT_TIMEOUT_MS = 3000;

/** What the run will ask first, or null when argv is not of a shape read here for sure. */
export function firstQuestions(args: readonly string[]): { resolvers: string[]; hosts: string[]; timeoutMs: number; probes: boolean } | null {
  const resolvers: string[] = [];
  const hosts: string[] = [];
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (FLAGS.has(arg)) continue;
    if (arg === '--resolver' || arg === '--timeout' || VALUED.has(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('-') || value.trim() === '') return null;
      if (arg === '--resolver') resolvers.push(value);
      else if (arg === '--timeout') {
        // Under 50 ms bare is refused by the CLI (did you mean 5s?): a usage error sends nothing.
        if (!/^\d{1,6}$/.test(value) || Number(value) < 50) return null;
        timeoutMs = Number(value);
      }
      continue;
    }
    if (arg.startsWith('-')) return null;
    // A subcommand (lab, watch, audit, help) or anything else that is not a host name with a dot: not a diagnosis read here.
    const parsed = arg.includes('.') ? parseTarget(arg) : null;
    if (!parsed?.ok) return null;
    if (!parsed.target.isIp) hosts.push(parsed.target.host);
  }
  if (hosts.length === 0 || hosts.length > MOST_TARGETS) return null;
  return { resolvers, hosts, timeoutMs, probes: !args.includes('--fingerprint-only') };
}

/**
 * Sends the first questions of `args` (CNAME, A and AAAA of each target to each resolver the run will use: the
 * --resolver list, or the first nameserver of resolv.conf), and returns. Never throws.
 */
/** Cancels the early queries nobody took (bin/ calls it when the CLI is done), so none keeps the process up. */
export async function dropPrefetched(): Promise<void> {
  (await import('./dns/query.ts')).dropPrefetched();
}

export async function prefetch(args: readonly string[]): Promise<void> {
  try {
    const plan = firstQuestions(args);
    if (!plan) return;
    let resolvers: ResolverAddress[] = [];
    for (const spec of plan.resolvers) {
      const parsed = parseResolverSpec(spec);
      if ('code' in parsed) return; // a usage error is coming: send nothing
      resolvers.push(parsed);
    }
    if (resolvers.length === 0) {
      const system = await readSystemResolvers();
      if ('code' in system) return;
      resolvers = system.slice(0, 1); // the run's own choice in system mode (run/resolvers.ts)
    }
    // Loaded only now: --help and the like never load the DNS transport.
    const { prefetchQuery } = await import('./dns/query.ts');
    // In the order the run asks them (dns/chain.ts): the speculative CNAME, then A and AAAA.
    for (const host of plan.hosts) {
      for (const resolver of resolvers) {
        for (const type of ['CNAME', 'A', 'AAAA'] as const) {
          const answer = prefetchQuery(resolver, host, type, plan.timeoutMs);
          // An address means a probe will follow: its code (undici, node:tls) loads beside the CLI's, not after
          // it. A run whose DNS fails never loads it.
          if (type === 'A' && plan.probes) void answer.then((r) => {
            if (r.ok && r.answers.some((a) => a.type === 'A')) void import('./probe/load.ts').then((m) => m.loadProbeStage());
          });
        }
      }
    }
  } catch {
    // nothing is lost: the run asks as it always did
  }
}
