// `cdn-check lab [scenario]`: starts a scenario's lab in-process, runs the real diagnosis against it over
// real sockets on loopback, prints the normal report, exits with the verdict's code, and cleans up.
import type { CliIo } from '../cli.ts';
import { isKnownProvider } from '../fingerprint/match.ts';
import { runToOutputs } from '../output.ts';
import { buildOptions, integer, UsageError, type RawFlags } from '../options.ts';
import { run } from '../run.ts';
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from './scenarios/index.ts';
import { renderScenarioList } from './list.ts';
import { startLab } from './start.ts';

/** Flags the lab sets itself: a user value would point the "offline" lab at the real network. */
const LAB_OWNED: [keyof RawFlags, string][] = [
  ['resolver', '--resolver'],
  ['fallbackResolver', '--fallback-resolver'],
  ['port', '--port'],
  ['caFile', '--ca-file'],
  ['targetsFile', '--targets-file'],
  ['noproxy', '--noproxy'],
];

/** The most --latency may add to each answer: beyond it a scenario's timeouts, not the network, would decide. */
export const MAX_LAB_LATENCY_MS = 2000;

export async function runLab(name: string | null, flags: RawFlags & { list?: boolean; latency?: string }, io: CliIo, defaults: { timeout: string; deadline: string } = { timeout: '3000', deadline: '10000' }): Promise<number> {
  if (flags.list) {
    io.stdout.write(renderScenarioList(SCENARIOS));
    return 0;
  }
  const scenario = findScenario(name ?? DEFAULT_SCENARIO);
  if (!scenario) throw new UsageError(`unknown lab scenario "${(name ?? '').replace(/[^\x20-\x7e]/g, '?')}" (see: cdn-check lab --list)`);
  for (const [key, flag] of LAB_OWNED) {
    const value = flags[key];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined) throw new UsageError(`${flag} cannot be used with lab: the lab provides its own`);
  }

  const latencyMs = flags.latency === undefined ? 0 : integer('--latency', flags.latency, 0, MAX_LAB_LATENCY_MS);

  const lab = await startLab(scenario, latencyMs > 0 ? { latencyMs } : {});
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
      timeout: setup.timeoutMs !== null && flags.timeout === defaults.timeout ? String(setup.timeoutMs) : flags.timeout,
      deadline: setup.deadlineMs !== null && flags.deadline === defaults.deadline ? String(setup.deadlineMs) : flags.deadline,
    };
    const options = buildOptions(scenario.targets, merged, io, { isProvider: isKnownProvider });
    return await runToOutputs(run, options, io);
  } finally {
    await lab.close();
  }
}
