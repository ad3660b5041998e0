// `cdn-check lab [scenario]`: starts a scenario's lab in-process, runs the real diagnosis against it over
// real sockets on loopback, prints the normal report, exits with the verdict's code, and cleans up.
import type { CliIo } from './io.ts';
import { isKnownProvider, PROVIDER_IDS } from '../fingerprint/match.ts';
import { runToOutputs } from '../output.ts';
import { buildOptions, type RawFlags } from '../options.ts';
import { durationFlag, UsageError } from '../usage.ts';
import { sanitize } from '../render/sanitize.ts';
import { run } from '../run/run.ts';
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from '../lab/scenarios/index.ts';
import { AUDIT_LAB_NAME, renderScenarioList } from '../lab/list.ts';
import { LAB_OWNED } from './lab-flags.ts';
import { didYouMean } from '../suggest.ts';
import { parseTarget } from '../target.ts';
import type { Scenario } from '../lab/scenario.ts';
import { startLab } from '../lab/start.ts';

/** The most --latency may add to each answer: beyond it a scenario's timeouts, not the network, would decide. */
const MAX_LAB_LATENCY_MS = 2000;

/**
 * `given` says which of --timeout and --deadline the user set (commander's option-value source, read by
 * cli.ts): those are kept, the others take the scenario's limits when it has them.
 */
export async function runLab(name: string | null, only: readonly string[], flags: RawFlags & { list?: boolean; latency?: string }, io: CliIo, given: { timeout: boolean; deadline: boolean }): Promise<number> {
  if (flags.list) {
    io.stdout.write(renderScenarioList(SCENARIOS));
    return 0;
  }
  // [audit] Not a diagnosis scenario: the audit's own lab, run through `cdn-check audit` (src/audit/lab-command.ts).
  if (name?.toLowerCase() === AUDIT_LAB_NAME) {
    const { runAuditLab } = await import('../audit/lab-command.ts');
    return runAuditLab(flags, io, given);
  }
  const scenario = findScenario(name ?? DEFAULT_SCENARIO);
  if (!scenario) {
    const typed = sanitize(name ?? '', 80);
    throw new UsageError(`unknown lab scenario "${typed}"${didYouMean(typed, SCENARIOS.map((s) => s.name))}; cdn-check lab --list lists them`);
  }
  const targets = scenarioTargets(scenario, only);
  for (const [key, flag] of LAB_OWNED) {
    const value = flags[key];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined) throw new UsageError(`${flag} cannot be used with lab: the lab provides its own`);
  }

  const latencyMs = flags.latency === undefined ? 0 : durationFlag('--latency', flags.latency, 0, MAX_LAB_LATENCY_MS);

  // [vantage] --from in the lab talks to the lab's own Globalping (never the real one), and no token goes there.
  const lab = await startLab(scenario, { ...(latencyMs > 0 ? { latencyMs } : {}), ...(flags.from !== undefined ? { globalping: true } : {}) });
  try {
    const setup = lab.setup;
    const { list: _list, latency: _latency, ...common } = flags;
    const merged: RawFlags = {
      ...common,
      resolver: setup.resolvers,
      fallbackResolver: [],
      port: String(setup.port),
      caFile: setup.caFile,
      // The lab lives on this machine's loopback: a proxy from the environment could not reach it.
      noproxy: '*',
      builtinCanaries: false,
      builtinControls: false,
      canary: [...setup.canaries, ...flags.canary],
      control: [...setup.controls, ...flags.control],
      timeout: setup.timeoutMs !== null && !given.timeout ? `${setup.timeoutMs}ms` : flags.timeout,
      deadline: setup.deadlineMs !== null && !given.deadline ? `${setup.deadlineMs}ms` : flags.deadline,
      statusFeed: [`*=${setup.statusFeed}`],
    };
    const { GLOBALPING_TOKEN: _token, ...env } = io.env;
    const labEnv = lab.globalping ? { ...env, GLOBALPING_API_URL: lab.globalping.mock.url } : io.env;
    const options = buildOptions(targets, merged, { ...io, env: labEnv }, { isProvider: isKnownProvider, providerIds: PROVIDER_IDS });
    return await runToOutputs(run, options, { ...io, env: labEnv });
  } finally {
    await lab.close();
  }
}

/**
 * The scenario's targets, or the subset named on the command line (`lab akamai-2021 paytm.com`), matched by host
 * in any case and in the scenario's order; a name the scenario does not serve is a usage error listing those it does.
 */
function scenarioTargets(scenario: Scenario, only: readonly string[]): string[] {
  if (only.length === 0) return scenario.targets;
  const hostOf = (input: string): string | null => {
    const parsed = parseTarget(input);
    return parsed.ok ? parsed.target.host : null;
  };
  const wanted = new Set<string>();
  for (const input of only) {
    const host = hostOf(input);
    if (host === null || !scenario.targets.some((t) => hostOf(t) === host)) {
      throw new UsageError(`lab ${scenario.name} has no target "${sanitize(input, 80)}" (its targets: ${scenario.targets.join(', ')})`);
    }
    wanted.add(host);
  }
  return scenario.targets.filter((t) => wanted.has(hostOf(t) ?? ''));
}
