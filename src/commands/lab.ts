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
import { recordedScenarios, scenarioFromText } from '../lab/recorded.ts';
import type { Scenario } from '../lab/scenario.ts';
import { printablePath, readBounded } from '../input.ts';

/** Flags the lab sets itself: a user value would point the "offline" lab at the real network. */
const LAB_OWNED: [keyof RawFlags, string][] = [
  ['resolver', '--resolver'],
  ['fallbackResolver', '--fallback-resolver'],
  ['port', '--port'],
  ['caFile', '--ca-file'],
  ['targetsFile', '--targets-file'],
  ['noproxy', '--noproxy'],
];

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
  const scenario = findScenario(wanted) ?? recordedScenarios().find((s) => s.name === wanted.toLowerCase());
  if (!scenario) throw new UsageError(`unknown lab scenario "${sanitize(name ?? '', 80)}" (see: cdn-check lab --list)`);
  return scenario;
}

/** The most --latency may add to each answer: beyond it a scenario's timeouts, not the network, would decide. */
const MAX_LAB_LATENCY_MS = 2000;

/**
 * `given` says which of --timeout and --deadline the user set (commander's option-value source, read by
 * cli.ts): those are kept, the others take the scenario's limits when it has them.
 */
export async function runLab(name: string | null, flags: LabFlags, io: CliIo, given: { timeout: boolean; deadline: boolean }): Promise<number> {
  if (flags.list) {
    io.stdout.write(renderScenarioList([...SCENARIOS, ...recordedScenarios()]));
    return 0;
  }
  const scenario = await chooseScenario(name, flags.fromRecording);
  for (const [key, flag] of LAB_OWNED) {
    const value = flags[key];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined) throw new UsageError(`${flag} cannot be used with lab: the lab provides its own`);
  }

  const latencyMs = flags.latency === undefined ? 0 : integer('--latency', flags.latency, 0, MAX_LAB_LATENCY_MS);

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
      timeout: setup.timeoutMs !== null && !given.timeout ? String(setup.timeoutMs) : flags.timeout,
      deadline: setup.deadlineMs !== null && !given.deadline ? String(setup.deadlineMs) : flags.deadline,
    };
    const { GLOBALPING_TOKEN: _token, ...env } = io.env;
    const labEnv = lab.globalping ? { ...env, GLOBALPING_API_URL: lab.globalping.mock.url } : io.env;
    const options = buildOptions(scenario.targets, merged, { ...io, env: labEnv }, { isProvider: isKnownProvider });
    return await runToOutputs(run, options, { ...io, env: labEnv });
  } finally {
    await lab.close();
  }
}
