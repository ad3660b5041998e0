// Time to verdict for one target against the lab with injected latency (every DNS answer and every edge
// response delayed), next to the critical path — the round trips no tool can avoid for that verdict — and
// next to dig + curl run one after the other as a person would by hand. Prints figures; asserts nothing.
// The in-run figure is the report's durationMs; bench/process.ts has the whole-process figures and CPU.
// Only 127.0.0.0/8 is ever contacted: the lab's resolver and edges.
// NODE_EXTRA_CA_CERTS is dropped for the runs (a whole system bundle there costs ~20 ms of parsing that a
// usual machine does not pay); the lab's CA comes with --ca-file as always.
// Usage: node --import tsx bench/verdict.ts [runs=10] [latencyMs=30]
import { spawnSync } from 'node:child_process';
import { SCENARIOS } from '../src/lab/scenarios/index.ts';
import { startLab } from '../src/lab/start.ts';
import type { Report } from '../src/types.ts';
import { criticalPath, HAND_CASES } from './lib/by-hand.ts';
import { median, requireBuild, runMeasured } from './lib/spawn.ts';

const runs = Number(process.argv[2] ?? 10);
const latencyMs = Number(process.argv[3] ?? 30);
const has = (tool: string): boolean => spawnSync('which', [tool], { stdio: 'ignore' }).status === 0;

requireBuild();
console.log(`time to verdict, median of ${runs} runs, ${latencyMs} ms injected per DNS answer and per edge response, node ${process.version}`);
for (const c of HAND_CASES) {
  const scenario = SCENARIOS.find((s) => s.name === c.scenario);
  if (!scenario) throw new Error(`no scenario ${c.scenario}`);
  const lab = await startLab(scenario, { latencyMs });
  try {
    // Warm the lab (certificates are issued on first use) so the first measured run pays nothing extra.
    await runMeasured(['--json', ...lab.args, c.target]);
    const walls: number[] = [];
    const inRun: number[] = [];
    const hands: number[] = [];
    const dig = has('dig') && has('curl');
    let verdict = '';
    for (let i = 0; i < runs; i++) {
      const m = await runMeasured(['--json', ...lab.args, c.target], { keep: Number.POSITIVE_INFINITY, env: { NODE_EXTRA_CA_CERTS: undefined } });
      const report = JSON.parse(m.head.join('\n') || '{}') as Partial<Report>;
      verdict = report.targets?.[0]?.verdict.status ?? `exit ${m.code}`;
      walls.push(m.wallMs);
      inRun.push(report.durationMs ?? Number.NaN);
      if (dig) hands.push(await c.byHand(lab));
    }
    const critical = await criticalPath(lab, c, runs);
    const spawnFloor = median(walls) - median(inRun);
    console.log(`\n${c.scenario}: ${c.target} → ${verdict}`);
    console.log(`  critical path   ${critical.ms.toFixed(1)} ms = ${critical.how}`);
    console.log(`                  ${c.why}`);
    console.log(`  cdn-check       ${median(inRun).toFixed(1)} ms start to verdict (report durationMs): ${(median(inRun) / critical.ms).toFixed(2)}× the critical path`);
    console.log(`                  ${median(walls).toFixed(1)} ms for the whole process (start-up ${spawnFloor.toFixed(1)} ms included): ${(median(walls) / critical.ms).toFixed(2)}×`);
    if (hands.length > 0) {
      const steps = c.commands(lab).map(([tool]) => tool).join(' + ');
      console.log(`  dig + curl      ${median(hands).toFixed(1)} ms for ${steps} run one after another (no typing time): cdn-check takes ${(median(walls) / median(hands)).toFixed(2)}× as long`);
    } else {
      console.log('  dig + curl      skipped: dig or curl is not installed (apt-get install -y dnsutils curl)');
    }
  } finally {
    await lab.close();
  }
}
