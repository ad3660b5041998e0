// Runs the built binary against a lab started in the test process, always with the lab's own arguments
// (its --resolver, --port, --ca-file, canaries and controls), so a test can never fall back to the
// system resolver and send a packet off the machine.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Scenario } from '../../src/lab/scenario.ts';
import { startLab, type LabInstance, type LabSetup } from '../../src/lab/start.ts';
import type { RawFlags } from '../../src/options.ts';
import type { Report } from '../../src/types.ts';
import { runCli, type CliResult } from './cli.ts';

/** Starts a lab for the enclosing suite and closes it after; the returned getter fails the test if it did not start. */
export function useLab(scenario: Scenario): () => LabInstance {
  let lab: LabInstance | undefined;
  before(async () => {
    lab = await startLab(scenario);
  });
  after(async () => {
    await lab?.close();
  });
  return () => {
    assert.ok(lab, 'lab started');
    return lab;
  };
}

export interface LabRun extends CliResult {
  /** The parsed --json report (the run always asks for --json). */
  report: Report;
}

/**
 * `cdn-check --json <lab args> <extra> <targets>`, with stdout parsed. Refuses to spawn when the lab's
 * arguments name no resolver: without one the binary would use /etc/resolv.conf.
 */
export async function runAgainstLab(lab: LabInstance, targets: string[], extra: string[] = [], opts: { killAfterMs?: number } = {}): Promise<LabRun> {
  assert.ok(lab.args.includes('--resolver'), 'the lab arguments name a loopback resolver');
  const result = await runCli(['--json', ...lab.args, ...extra, ...targets], opts.killAfterMs ? { killAfterMs: opts.killAfterMs } : {});
  let report: Report;
  try {
    report = JSON.parse(result.stdout) as Report;
  } catch {
    assert.fail(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout.slice(0, 500)}\nstderr:\n${result.stderr.slice(0, 500)}`);
  }
  return { ...result, report };
}

/** The flags of an in-process run() against a lab: its resolver, port, CA, canaries and controls, JSON out, no built-ins. */
export function labFlags(setup: LabSetup, extra: Partial<RawFlags> = {}): RawFlags {
  return {
    json: true,
    resolver: setup.resolvers,
    fallbackResolver: [],
    port: String(setup.port),
    caFile: setup.caFile,
    timeout: '2000',
    deadline: '8000',
    canary: setup.canaries,
    builtinCanaries: false,
    control: setup.controls,
    builtinControls: false,
    concurrency: '16',
    color: false,
    ...extra,
  };
}
