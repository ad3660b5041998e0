// Canaries and controls: the other hosts a failing target is compared with. Canaries (same provider) are
// started once per provider and role and shared by every target, controls (other providers) once per run.
import { providerName } from '../fingerprint/match.ts';
import type { Options } from '../options.ts';
import { inspectHost, type HostFacts, type PipelineContext } from './pipeline.ts';
import { parseTarget } from '../target.ts';
import type { CanaryResult, ControlResult, Fingerprint, Observation, Role, Target } from '../types.ts';
import { blameOf, blamedProvider } from '../verdict/blame.ts';
import { believedProvider, canariesFor, canaryResult, controlResult, controlsFor } from '../verdict/canaries.ts';

/**
 * Canaries per provider and role, started once and shared by every target on that provider
 * (and, in bulk mode, by the whole sweep).
 */
export class CanaryBoard {
  private readonly runs = new Map<string, Promise<CanaryResult[]>>();
  private readonly hosts = new Map<string, Promise<HostFacts>>();
  constructor(
    private readonly ctx: PipelineContext,
    private readonly options: Pick<Options, 'builtinCanaries' | 'canaries' | 'port'>,
    private readonly exclude: string[],
  ) {}

  start(provider: string, role: Role): Promise<CanaryResult[]> {
    const key = `${role}:${provider}`;
    let started = this.runs.get(key);
    if (!started) {
      started = this.check(provider, role);
      this.runs.set(key, started);
    }
    return started;
  }

  /** The canaries that matter for this target: those of whoever owns the piece that failed (see canaryKeys). */
  async forFacts(facts: HostFacts): Promise<CanaryResult[]> {
    const keys = canaryKeys(facts.fingerprint, facts.observation);
    const lists = await Promise.all(keys.map(([provider, role]) => this.start(provider, role)));
    return lists.flat();
  }

  /** The same host checked for two roles (a CDN that is also the DNS host) is inspected once. */
  private inspect(host: string): Promise<HostFacts> {
    let facts = this.hosts.get(host);
    if (!facts) {
      facts = inspectHost(canaryTarget(host, this.options), this.ctx, 'canary');
      this.hosts.set(host, facts);
    }
    return facts;
  }

  private async check(provider: string, role: Role): Promise<CanaryResult[]> {
    const hosts = canariesFor(provider, role, {
      builtin: this.options.builtinCanaries,
      extra: this.options.canaries,
      exclude: this.exclude,
    });
    this.ctx.emit({ type: 'log', stage: 'canary', message: `checking ${hosts.length} ${providerName(provider, role)} canaries` });
    return Promise.all(
      hosts.map(async (host) => {
        const facts = await this.inspect(host);
        return canaryResult(host, provider, role, facts.fingerprint, facts.observation, facts.ms, this.ctx.signal.aborted);
      }),
    );
  }
}

/** Enough of a control's addresses to compare them with the target's; the rest are the report's. */
const CONTROL_ADDRESSES_KEPT = 8;

/** The control hosts, each through the same pipeline as a target. */
export async function checkControls(ctx: PipelineContext, options: Pick<Options, 'builtinControls' | 'controls' | 'port'>, targetHosts: string[]): Promise<ControlResult[]> {
  // Started before any target's provider is known: take a few more than needed, and leave out those on a
  // target's own provider when the verdict is made (see gather).
  const hosts = controlsFor({ builtin: options.builtinControls, extra: options.controls, avoid: [], exclude: targetHosts, max: 6 });
  ctx.emit({ type: 'log', stage: 'control', message: `checking ${hosts.length} control hosts` });
  return Promise.all(
    hosts.map(async (host) => {
      const facts = await inspectHost(canaryTarget(host, options), ctx, 'control');
      const addresses = facts.dns ? { addresses: facts.dns.addresses.slice(0, CONTROL_ADDRESSES_KEPT) } : {};
      return { ...controlResult(host, facts.fingerprint, facts.observation, facts.ms, believedProvider(host)), ...addresses };
    }),
  );
}

/**
 * Whose canaries can tell this failure apart: those of the provider it is weighed against (verdict/blame.ts:
 * the owner of a provider's piece; the DNS host for the site's own zone; the CDN for an origin error, a
 * certificate or an unclassified 5xx); none for a site-owned piece with no provider on it; every provider the
 * site depends on when nothing names the piece.
 */
export function canaryKeys(fp: Fingerprint, observation: Observation): [string, Role][] {
  const blame = blameOf(observation, fp);
  const blamed = blamedProvider(blame);
  if (blamed) return [[blamed.provider, blamed.role]];
  if (blame.kind !== 'unknown') return [];
  const cdn: [string, Role][] = fp.cdn ? [[fp.cdn.id, 'cdn']] : [];
  const dns: [string, Role][] = fp.dns ? [[fp.dns.id, 'dns']] : [];
  return [...cdn, ...dns];
}

function canaryTarget(host: string, options: Pick<Options, 'port'>): Target {
  const parsed = parseTarget(host);
  if (!parsed.ok) throw new Error(`built-in host "${host}" is invalid: ${parsed.reason}`);
  return { ...parsed.target, port: options.port ?? parsed.target.port };
}
