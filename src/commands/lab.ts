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
import { startLab } from '../lab/start.ts';
import { recordedScenarios, scenarioFromText } from '../lab/recorded.ts';
import type { Scenario } from '../lab/scenario.ts';
import { printablePath, readBounded } from '../input.ts';

type LabFlags = RawFlags & { list?: boolean; latency?: string; fromRecording?: string };

/** Bigger than any recording of a run of named targets. */
const MAX_RECORDING_BYTES = 256 * 2 ** 20;

/** A built-in scenario, a recording in recordings/ by name, or a recording file (--from-recording). */
async function chooseScenario(name: string | null, fromRecording: string | undefined): Promise<Scenario> {
  if (fromRecording !== undefined) {
    if (name !== null) throw new UsageError('a scenario name and --from-recording cannot be used together');
    const bytes = await readBounded(fromRecording, MAX_RECORDING_BYTES, AbortSignal.timeout(30_000));
    if (!Buffer.isBuffer(bytes)) throw new UsageError(`--from-recording ${bytes.message}`);
    return scenarioFromText(bytes.toString('utf8'), printablePath(fromRecording));
  }
  const wanted = name ?? DEFAULT_SCENARIO;
  const recorded = recordedScenarios();
  const scenario = findScenario(wanted) ?? recorded.find((s) => s.name === wanted.toLowerCase());
  if (!scenario) {
    const typed = sanitize(wanted, 80);
    throw new UsageError(`unknown lab scenario "${typed}"${didYouMean(typed, [...SCENARIOS, ...recorded].map((s) => s.name))}; cdn-check lab --list lists them`);
  }
  return scenario;
}

/** The most --latency may add to each answer: beyond it a scenario's timeouts, not the network, would decide. */
const MAX_LAB_LATENCY_MS = 2000;

/**
 * `given` says which of --timeout and --deadline the user set (commander's option-value source, read by
 * cli.ts): those are kept, the others take the scenario's limits when it has them.
 */
export async function runLab(name: string | null, only: readonly string[], flags: LabFlags, io: CliIo, given: { timeout: boolean; deadline: boolean }): Promise<number> {
  if (flags.list) {
    io.stdout.write(renderScenarioList([...SCENARIOS, ...recordedScenarios()]));
    return 0;
  }
  // [audit] Not a diagnosis scenario: the audit's own lab, run through `cdn-check audit` (src/audit/lab-command.ts).
  if (name?.toLowerCase() === AUDIT_LAB_NAME && flags.fromRecording === undefined) {
    const { runAuditLab } = await import('../audit/lab-command.ts');
    return runAuditLab(flags, io, given);
  }
  const scenario = await chooseScenario(name, flags.fromRecording);
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
    const { list: _list, latency: _latency, fromRecording: _fromRecording, ...common } = flags;
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
