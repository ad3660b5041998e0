// `cdn-check lab [scenario]`: starts a scenario's lab in-process, runs the real diagnosis against it over
// real sockets on loopback, prints the normal report, exits with the verdict's code, and cleans up.
import type { CliIo } from './io.ts';
import { isKnownProvider } from '../fingerprint/match.ts';
import { runToOutputs } from '../output.ts';
import { buildOptions, type RawFlags } from '../options.ts';
import { integer, UsageError } from '../usage.ts';
import { sanitize } from '../render/sanitize.ts';
import { run } from '../run/run.ts';
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from '../lab/scenarios/index.ts';
import { renderScenarioList } from '../lab/list.ts';
import { startLab } from '../lab/start.ts';

/** Flags the lab sets itself: a user value would point the "offline" lab at the real network. */
const LAB_OWNED: [keyof RawFlags, string][] = [
  ['resolver', '--resolver'],
  ['fallbackResolver', '--fallback-resolver'],
  ['port', '--port'],
  ['caFile', '--ca-file'],
  ['targetsFile', '--targets-file'],
  ['noproxy', '--noproxy'],
  // The lab plays the providers' status pages too: no lab run may read a real one.
  ['statusFeed', '--status-feed'],
];

/** The most --latency may add to each answer: beyond it a scenario's timeouts, not the network, would decide. */
const MAX_LAB_LATENCY_MS = 2000;

/**
 * `given` says which of --timeout and --deadline the user set (commander's option-value source, read by
 * cli.ts): those are kept, the others take the scenario's limits when it has them.
 */
export async function runLab(name: string | null, flags: RawFlags & { list?: boolean; latency?: string }, io: CliIo, given: { timeout: boolean; deadline: boolean }): Promise<number> {
  if (flags.list) {
    io.stdout.write(renderScenarioList(SCENARIOS));
    return 0;
  }
  const scenario = findScenario(name ?? DEFAULT_SCENARIO);
  if (!scenario) throw new UsageError(`unknown lab scenario "${sanitize(name ?? '', 80)}" (see: cdn-check lab --list)`);
  for (const [key, flag] of LAB_OWNED) {
    const value = flags[key];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined) throw new UsageError(`${flag} cannot be used with lab: the lab provides its own`);
  }

  const latencyMs = flags.latency === undefined ? 0 : integer('--latency', flags.latency, 0, MAX_LAB_LATENCY_MS);

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
      timeout: setup.timeoutMs !== null && !given.timeout ? String(setup.timeoutMs) : flags.timeout,
      deadline: setup.deadlineMs !== null && !given.deadline ? String(setup.deadlineMs) : flags.deadline,
      statusFeed: [`*=${setup.statusFeed}`],
    };
    const { GLOBALPING_TOKEN: _token, ...env } = io.env;
    const labEnv = lab.globalping ? { ...env, GLOBALPING_API_URL: lab.globalping.mock.url } : io.env;
    const options = buildOptions(scenario.targets, merged, { ...io, env: labEnv }, { isProvider: isKnownProvider });
    return await runToOutputs(run, options, { ...io, env: labEnv });
  } finally {
    await lab.close();
  }
}
