// The GitHub Action (action.yml) run as a runner would: each step's script under bash with the GITHUB_* files in a
// temporary directory and the inputs expanded, against the loopback lab (never the network). Issue 15 §9.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { findScenario } from '../../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import type { Report } from '../../src/types.ts';
import { runProcess, type CliResult } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
}
interface ActionYaml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;

/** `${{ inputs.x }}` as the runner expands it (the only expression the action's steps use). */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => inputs[name] ?? '');
}

interface ActionRun {
  steps: CliResult[];
  /** The step outputs by step id, as the runner reads them from GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  summary: string;
  /** The code of the step that ended the job (the first non-zero), 0 when every step passed. */
  code: number;
}

/** Runs the composite's steps in order, as `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`). */
async function runAction(given: Record<string, string>): Promise<ActionRun> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? spec.default ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'cdn-check-action-'));
  try {
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_ENV: join(dir, 'env') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const steps: CliResult[] = [];
    let code = 0;
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash', `${step.name} runs under bash`);
      const script = join(dir, `${step.id ?? 'step'}-${steps.length}.sh`);
      writeFileSync(script, expand(step.run, inputs));
      const env: Record<string, string | undefined> = {
        PATH: process.env.PATH, HOME: process.env.HOME, ...files, GITHUB_ACTION_PATH: ROOT, RUNNER_TEMP: dir, GITHUB_ACTIONS: 'true', CI: 'true',
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), inputs)])),
      };
      const result = await runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { env, cwd: dir, killAfterMs: 60_000 });
      steps.push(result);
      if (result.code !== 0) {
        code = result.code ?? -1;
        break;
      }
    }
    const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const report = outputs.report && existsSync(outputs.report) ? readFileSync(outputs.report, 'utf8') : null;
    return { steps, outputs: { ...outputs, ...(report === null ? {} : { reportText: report }) }, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('action.yml is a composite action with the documented inputs and outputs', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs).sort(), ['args', 'fail-on', 'targets']);
  assert.equal(action.inputs.targets?.required, true);
  assert.equal(action.inputs['fail-on']?.default, 'site-outage');
  for (const name of ['exit-code', 'report', 'verdicts']) assert.match(action.outputs[name]?.value ?? '', new RegExp(`steps\\.run\\.outputs\\.${name}`));
  for (const step of action.runs.steps) assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: inputs reach the script through env, not pasted into it`);
});

function useLab(name: string): () => LabInstance {
  let lab: LabInstance | undefined;
  before(async () => {
    const scenario = findScenario(name);
    assert.ok(scenario, name);
    lab = await startLab(scenario);
  });
  after(() => lab?.close());
  return () => {
    assert.ok(lab);
    assert.ok(lab.args.includes('--resolver'), 'the lab names a loopback resolver');
    return lab;
  };
}

describe('the Action against the akamai-2021 lab (a provider outage)', () => {
  const lab = useLab('akamai-2021');
  const targets = (): string => lab().scenario.targets.join('\n');

  test('default fail-on (site-outage): the step passes, with annotations, a job summary, exit-code 2, verdicts and the JSON report', async () => {
    const run = await runAction({ targets: targets(), args: lab().args.join(' ') });
    assert.equal(run.code, 0, run.steps.map((s) => s.stderr + s.stdout).join('\n'));
    const out = run.steps[1]!.stdout;
    assert.match(out, /^::error title=[^\n]*paytm\.com[^\n]*::/m);
    assert.match(out, /no verdict in fail-on \(site-outage\): paytm\.com provider-outage, zomato\.com provider-outage, hotstar\.com provider-outage/);
    assert.equal(run.outputs['exit-code'], '2');
    assert.deepEqual(JSON.parse(run.outputs.verdicts ?? '{}'), { 'paytm.com': 'provider-outage', 'zomato.com': 'provider-outage', 'hotstar.com': 'provider-outage' });
    const report = JSON.parse(run.outputs.reportText ?? '{}') as Report;
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(report.targets.map((t) => t.verdict.status), ['provider-outage', 'provider-outage', 'provider-outage']);
    assert.match(run.summary, /^### cdn-check: exit 2$/m);
    assert.match(run.summary, /^\| paytm\.com \| PROVIDER OUTAGE \| 2 \| akamai \|/m);
  });

  test('fail-on: provider-outage fails the step with one error annotation naming the targets', async () => {
    const run = await runAction({ targets: targets(), args: lab().args.join(' '), 'fail-on': 'site-outage, provider-outage' });
    assert.equal(run.code, 1);
    assert.match(run.steps[1]!.stdout, /^::error title=cdn-check::paytm\.com provider-outage, zomato\.com provider-outage, hotstar\.com provider-outage \(fail-on: site-outage, provider-outage\)$/m);
    assert.equal(run.outputs['exit-code'], '2');
  });

  test('fail-on: none passes whatever the verdict; any fails on any of them', async () => {
    assert.equal((await runAction({ targets: 'paytm.com', args: lab().args.join(' '), 'fail-on': 'none' })).code, 0);
    assert.equal((await runAction({ targets: 'paytm.com', args: lab().args.join(' '), 'fail-on': 'any' })).code, 1);
  });

  test('an unknown fail-on verdict fails the step saying which', async () => {
    const run = await runAction({ targets: 'paytm.com', args: lab().args.join(' '), 'fail-on': 'provider-outages' });
    assert.equal(run.code, 1);
    assert.match(run.steps[1]!.stdout, /::error title=cdn-check::fail-on: unknown verdict "provider-outages"/);
  });

  test('a usage error in args fails the step with exit-code 64 and no report, and nothing was resolved', async () => {
    const before = lab().resolvers.flatMap((r) => [...r.askedNames()]).length;
    const run = await runAction({ targets: 'paytm.com', args: `${lab().args.join(' ')} --timeout 5` });
    assert.equal(run.code, 1);
    assert.equal(run.outputs['exit-code'], '64');
    assert.equal(run.outputs.report, undefined);
    assert.match(run.steps[1]!.stderr, /--timeout 5: a bare number is milliseconds; did you mean 5s\?/);
    assert.equal(lab().resolvers.flatMap((r) => [...r.askedNames()]).length, before);
  });
});

describe('the Action against the expired-cert lab (a site outage)', () => {
  const lab = useLab('expired-cert');
  test('the default fail-on fails the step on a site outage', async () => {
    const run = await runAction({ targets: lab().scenario.targets.join(' '), args: lab().args.join(' ') });
    assert.equal(run.code, 1, run.steps.map((s) => s.stderr + s.stdout).join('\n'));
    assert.match(run.steps[1]!.stdout, /::error title=cdn-check::[^\n]*site-outage[^\n]*\(fail-on: site-outage\)/);
    assert.equal(run.outputs['exit-code'], '1');
  });
});
