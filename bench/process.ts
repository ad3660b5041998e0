// What a user waits for: the whole process, from exec to exit, next to `node -e 0` (the floor of any Node
// CLI), next to the same questions asked by hand with dig and curl, and next to the critical path (the round
// trips no tool can avoid). Also the CPU a run costs, from the kernel (getrusage of the child, via the
// preloaded hook in lib/rusage-hook.mjs), for runs that never reach the network's slow part: --version, --help,
// and a one-target diagnosis whose resolver refuses at once.
//
// Every process runs with NODE_EXTRA_CA_CERTS unset (as on a usual laptop: where it names a whole system
// bundle, Node itself parses it at start-up, ~40 ms for every process, `node -e 0` included). Runs are
// interleaved (one of each case per round), so background load hits every case alike; figures are medians.
// Wall times come from runs without the CPU hook, CPU from separate runs with it. Only 127.0.0.0/8 is ever
// contacted: the lab's resolver and edges, started here with the given latency on every DNS answer and
// every edge response, and a UDP port on loopback that nothing listens on.
//
// Usage: node --import tsx bench/process.ts [runs=15] [latencyMs=30] [--node <path to another node binary>]
//   e.g. --node "$(npx -y -p node@24 node -p process.execPath)"
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS } from '../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../src/lab/start.ts';
import type { Report } from '../src/types.ts';
import { criticalPath, HAND_CASES, type HandCase } from './lib/by-hand.ts';
import { BIN, median, requireBuild } from './lib/spawn.ts';

const positional = process.argv.slice(2).filter((a, i, all) => a !== '--node' && all[i - 1] !== '--node');
const runs = Number(positional[0] ?? 15);
const latencyMs = Number(positional[1] ?? 30);
const nodeFlag = process.argv.indexOf('--node');
const node = nodeFlag > 0 ? (process.argv[nodeFlag + 1] ?? process.execPath) : process.execPath;
const HOOK = new URL('./lib/rusage-hook.mjs', import.meta.url).href;

interface Sample {
  wallMs: number;
  cpuMs: number;
  code: number | null;
  stdout: string;
}

/** Runs argv[0] with the rest, NODE_EXTRA_CA_CERTS unset; with `cpu`, node children carry the rusage hook. */
async function sample(argv: string[], cpu: boolean, extraEnv: Record<string, string> = {}): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'cdn-check-bench-'));
  const file = join(dir, 'rusage.json');
  const [command, ...args] = argv as [string, ...string[]];
  const hooked = cpu && command === node ? ['--import', HOOK, ...args] : args;
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CDN_CHECK_RUSAGE_OUT: file };
  delete env.NODE_EXTRA_CA_CERTS;
  Object.assign(env, extraEnv);
  const started = performance.now();
  try {
    const child = spawn(command, hooked, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallMs = performance.now() - started;
    const usage = cpu ? (JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Partial<NodeJS.ResourceUsage>) : {};
    const cpuMs = usage.userCPUTime === undefined ? Number.NaN : (usage.userCPUTime + (usage.systemCPUTime ?? 0)) / 1000;
    return { wallMs, cpuMs, code, stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A loopback UDP port with nothing behind it: queries to it fail at once (ICMP port unreachable). */
async function refusedPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

interface Case {
  name: string;
  argv: string[];
  /** Measure CPU too (the fast cases; a lab run's CPU is not a target). */
  cpu: boolean;
  /** For lab runs: the by-hand commands and the critical path to compare with. */
  hand?: { lab: LabInstance; case: HandCase };
  /** Environment for this case only (the lab's CA as Node's own extra CA, for the runs without --ca-file). */
  env?: Record<string, string>;
}

/** The lab's arguments without its --ca-file. */
function withoutCaFile(args: readonly string[]): string[] {
  const at = args.indexOf('--ca-file');
  return at < 0 ? [...args] : [...args.slice(0, at), ...args.slice(at + 2)];
}

const has = (tool: string): boolean => spawnSync('which', [tool], { stdio: 'ignore' }).status === 0;

requireBuild();
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const failPort = await refusedPort();
const labs: LabInstance[] = [];
try {
  const cases: Case[] = [
    { name: 'node -e 0', argv: [node, '-e', '0'], cpu: true },
    { name: 'cdn-check --version', argv: [node, BIN, '--version'], cpu: true },
    { name: 'cdn-check --help', argv: [node, BIN, '--help'], cpu: true },
    { name: 'DNS refused at once', argv: [node, BIN, '--json', '--resolver', `127.0.0.1:${failPort}`, 'www.example.com'], cpu: true },
  ];
  for (const hand of HAND_CASES) {
    const scenario = SCENARIOS.find((s) => s.name === hand.scenario);
    if (!scenario) throw new Error(`no scenario ${hand.scenario}`);
    const lab = await startLab(scenario, { latencyMs });
    labs.push(lab);
    cases.push({ name: `${hand.scenario} ${hand.target}`, argv: [node, BIN, '--json', ...lab.args, hand.target], cpu: false, hand: { lab, case: hand } });
    // As a user's run meets a public edge: its CA already in Node's store (here the lab's one certificate, named by
    // NODE_EXTRA_CA_CERTS, which Node reads at start-up), so no --ca-file and no trust store of the run's own.
    const own = withoutCaFile(lab.args);
    cases.push({ name: `${hand.scenario} ${hand.target} (CA in Node's store)`, argv: [node, BIN, '--json', ...own, hand.target], cpu: false, hand: { lab, case: hand }, env: { NODE_EXTRA_CA_CERTS: lab.caFile } });
  }
  const dig = has('dig') && has('curl');

  // One unmeasured round: the file cache, the lab's certificates (issued on first use), npm's caches.
  for (const c of cases) await sample(c.argv, false, c.env);
  const walls = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const inRun = new Map<string, number[]>();
  const hands = new Map<string, number[]>();
  const exits = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const s = await sample(c.argv, false, c.env);
      push(exits, `${c.name} exit ${s.code}`, 1);
      push(walls, c.name, s.wallMs);
      if (c.hand) {
        const report = JSON.parse(s.stdout || '{}') as Partial<Report>;
        push(inRun, c.name, report.durationMs ?? Number.NaN);
        if (dig) push(hands, c.name, await c.hand.case.byHand(c.hand.lab));
      }
      if (c.cpu) push(cpu, c.name, (await sample(c.argv, true, c.env)).cpuMs);
    }
  }

  const m = (map: Map<string, number[]>, k: string): number => median(map.get(k) ?? []);
  const base = m(walls, 'node -e 0');
  const baseCpu = m(cpu, 'node -e 0');
  console.log(`whole process, median of ${runs} interleaved runs, NODE_EXTRA_CA_CERTS unset, node ${version}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${loadavg()[0]?.toFixed(2)} at the end`);
  console.log('\nstart-up and CPU (user + sys from the kernel, child only):');
  for (const c of cases.filter((x) => x.cpu)) {
    const wall = m(walls, c.name);
    const used = m(cpu, c.name);
    const over = c.name === 'node -e 0' ? '' : `  (+${(wall - base).toFixed(1)} ms wall, +${(used - baseCpu).toFixed(1)} ms CPU over node -e 0)`;
    console.log(`  ${c.name.padEnd(22)} ${wall.toFixed(1).padStart(7)} ms wall ${used.toFixed(1).padStart(7)} ms CPU${over}`);
  }
  console.log(`\nlab runs, ${latencyMs} ms on every DNS answer and every edge response:`);
  for (const c of cases.filter((x) => x.hand)) {
    const { lab, case: hc } = c.hand!;
    const path = await criticalPath(lab, hc, runs);
    const wall = m(walls, c.name);
    const run = m(inRun, c.name);
    console.log(`  ${c.name}`);
    console.log(`    critical path    ${path.ms.toFixed(1)} ms (${path.how})`);
    console.log(`    cdn-check        ${wall.toFixed(1)} ms whole process; ${run.toFixed(1)} ms start to verdict inside the run (${(run / path.ms).toFixed(2)}× the critical path)`);
    console.log(`    vs node -e 0 + critical path (${(base + path.ms).toFixed(1)} ms): ${(wall / (base + path.ms)).toFixed(2)}×`);
    const codes = [...exits].filter(([k]) => k.startsWith(`${c.name} exit`)).map(([k, v]) => `${v.length} × ${k.slice(c.name.length + 1)}`);
    console.log(`    exit codes       ${codes.join(', ')} (a loaded machine can make a healthy run slow: degraded is 0, a timeout 5)`);
    if (dig) console.log(`    vs by hand       ${m(hands, c.name).toFixed(1)} ms for ${hc.commands(lab).map(([tool]) => tool).join(' + ')}: ${(wall / m(hands, c.name)).toFixed(2)}×`);
    else console.log('    vs by hand       skipped: dig or curl is not installed (apt-get install -y dnsutils curl)');
  }
} finally {
  await Promise.all(labs.map((lab) => lab.close()));
}
