// Network namespaces as test machines: each is sealed (never connected to the host's network), holds only
// what a test builds in it (lo, dummy links with TEST-NET or ULA addresses, nftables rules, a lab), and is
// removed with its /etc/netns files when the test ends — also when it fails, and on process exit as a last
// resort. Needs root and iproute2 (CI has both); `unavailable()` says why not, so tests skip with a reason.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../src/lab/scenario.ts';
import { runProcess, type CliResult } from './cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAB_SCRIPT = fileURLToPath(new URL('./netns-lab.ts', import.meta.url));
const PROXY_SCRIPT = fileURLToPath(new URL('./proxy-server.ts', import.meta.url));
const NETNS_ETC = '/etc/netns';

/**
 * paytm.com on a healthy Akamai slot, with one canary and two controls on other providers: a whole small
 * internet, so that what fails is the network a namespace builds around it.
 */
export const HEALTHY_PAYTM: Scenario = {
  name: 'test-netns-paytm',
  date: null,
  provider: 'akamai',
  title: 'test only: paytm.com on a working Akamai slot',
  story: 'A healthy internet, so that what fails is the network the namespace builds around it.',
  sites: [
    { host: 'paytm.com', cdn: 'akamai', dns: 'akamai', slot: 7071 },
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
    { host: 'www.cloudflare.com', cdn: 'cloudflare', dns: 'cloudflare', apex: true },
  ],
  targets: ['paytm.com'],
  canaries: [{ provider: 'akamai', host: 'www.akamai.com' }],
  controls: ['www.wikipedia.org', 'www.cloudflare.com'],
  expected: { exitCode: 0, targets: { 'paytm.com': { status: 'up', provider: 'akamai' } } },
};

/** What the lab started inside a namespace says about itself (see netns-lab.ts). */
export interface NetnsLabInfo {
  caFile: string;
  args: string[];
  resolvers: string[];
  port: number;
}

function sh(command: string, args: string[], input?: string): { ok: boolean; out: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000, ...(input !== undefined ? { input } : {}) });
  if (result.error) return { ok: false, out: result.error.message };
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}`.trim() };
}

/** Why namespaces cannot be built here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'not root: `ip netns add` needs CAP_SYS_ADMIN (CI runs this as root)';
  const list = sh('ip', ['netns', 'list']);
  if (!list.ok) return `\`ip netns\` is not available (install iproute2): ${list.out}`;
  return null;
}

/** Why nftables rules cannot be loaded here, or null (`.ci/run` installs the nftables package). */
export function nftUnavailable(): string | null {
  const version = sh('nft', ['--version']);
  return version.ok ? null : `nft is not installed (apt-get install nftables): ${version.out}`;
}

const live = new Set<Namespace>();
process.on('exit', () => {
  for (const ns of live) ns.removeNow();
});

export class Namespace {
  private readonly labs = new Set<ChildProcessWithoutNullStreams>();
  private createdNetnsEtc = false;

  private constructor(readonly name: string) {}

  /** A new sealed namespace with `lo` up (or down), or the reason it cannot be made. */
  static create(tag: string, opts: { loopback?: 'up' | 'down' } = {}): Namespace | string {
    const unavailable = netnsUnavailable();
    if (unavailable) return unavailable;
    const name = `cdnc-${tag}-${process.pid}`.slice(0, 60);
    const add = sh('ip', ['netns', 'add', name]);
    if (!add.ok) return `\`ip netns add\` is not permitted here: ${add.out}`;
    const ns = new Namespace(name);
    live.add(ns);
    if ((opts.loopback ?? 'up') === 'up') ns.ip('link', 'set', 'lo', 'up');
    return ns;
  }

  /** `ip -n <ns> ...args`; throws with ip's words when it fails (a broken test world is a test bug). */
  ip(...args: string[]): void {
    const result = sh('ip', ['-n', this.name, ...args]);
    if (!result.ok) throw new Error(`ip -n ${this.name} ${args.join(' ')}: ${result.out}`);
  }

  /**
   * A link on which `cidr` is routed but where every packet vanishes: one end of a veth pair carries the
   * address, its peer (in this same namespace) has none, and each address in `silent` gets a permanent
   * neighbour entry with a MAC nobody has, so frames go out at once and are dropped on arrival — a
   * blackholed host, with no ARP wait and no error. (A dummy link would do, where the kernel has it.)
   */
  blackhole(link: string, cidr: string, silent: string[]): void {
    this.ip('link', 'add', link, 'type', 'veth', 'peer', 'name', `${link}p`);
    this.ip('addr', 'add', cidr, 'dev', link);
    this.ip('link', 'set', link, 'up');
    this.ip('link', 'set', `${link}p`, 'up');
    for (const address of silent) this.ip('neigh', 'add', address, 'lladdr', '02:00:00:00:de:ad', 'dev', link, 'nud', 'permanent');
  }

  /** Loads an nftables ruleset into the namespace. */
  nft(ruleset: string): void {
    const result = sh('ip', ['netns', 'exec', this.name, 'nft', '-f', '-'], ruleset);
    if (!result.ok) throw new Error(`nft in ${this.name}: ${result.out}\n${ruleset}`);
  }

  /** Writes /etc/netns/<ns>/resolv.conf, which `ip netns exec` shows as /etc/resolv.conf. */
  resolvConf(text: string): void {
    if (!existsSync(NETNS_ETC)) this.createdNetnsEtc = true;
    mkdirSync(join(NETNS_ETC, this.name), { recursive: true });
    writeFileSync(join(NETNS_ETC, this.name, 'resolv.conf'), text);
  }

  /** Runs a command inside the namespace and collects its output. */
  exec(args: string[], opts: { env?: Record<string, string | undefined>; killAfterMs?: number; stdin?: string } = {}): Promise<CliResult> {
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
    return runProcess('ip', ['netns', 'exec', this.name, ...args], { cwd: ROOT, env, ...(opts.killAfterMs ? { killAfterMs: opts.killAfterMs } : {}), ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
  }

  /** Starts a lab scenario inside the namespace (DNS on port 53, edges on 443) and waits for it. */
  async startLab(scenarioFile: string, extraArgs: string[] = []): Promise<NetnsLabInfo> {
    return JSON.parse(await this.startHelper(LAB_SCRIPT, [scenarioFile, ...extraArgs])) as NetnsLabInfo;
  }

  /** Starts the lab's CONNECT proxy inside the namespace (proxy-server.ts arguments); resolves to its port. */
  async startProxy(args: string[]): Promise<number> {
    return Number(await this.startHelper(PROXY_SCRIPT, args));
  }

  /** Runs a helper script inside the namespace until its `READY <payload>` line; stopped by remove(). */
  private startHelper(script: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.name, process.execPath, '--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      this.labs.add(child);
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`${script} did not start within 20 s: ${out}${err}`)), 20_000);
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('READY '));
        if (!line) return;
        clearTimeout(timer);
        resolve(line.slice('READY '.length));
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        this.labs.delete(child);
        reject(new Error(`${script} exited with ${code} before it was ready: ${err}`));
      });
    });
  }

  /**
   * A veth pair between this namespace and `peer` (another sealed test namespace, never the host's): this
   * end gets `cidr`, the peer's end `peerCidr`, both up — two test machines on one TEST-NET wire.
   */
  link(peer: Namespace, cidr: string, peerCidr: string): void {
    const here = `to-${peer.name}`.slice(0, 15);
    const there = `to-${this.name}`.slice(0, 15);
    const result = sh('ip', ['link', 'add', here, 'netns', this.name, 'type', 'veth', 'peer', 'name', there, 'netns', peer.name]);
    if (!result.ok) throw new Error(`veth ${this.name} <-> ${peer.name}: ${result.out}`);
    this.ip('addr', 'add', cidr, 'dev', here);
    this.ip('link', 'set', here, 'up');
    peer.ip('addr', 'add', peerCidr, 'dev', there);
    peer.ip('link', 'set', there, 'up');
  }

  /** Stops the labs, deletes the namespace and its /etc/netns files. Safe to call twice. */
  async remove(): Promise<void> {
    await Promise.all([...this.labs].map(stopChild));
    this.removeNow();
  }

  /** The synchronous part of remove(), also run at process exit. */
  removeNow(): void {
    for (const child of this.labs) child.kill('SIGKILL');
    this.labs.clear();
    if (!live.delete(this)) return;
    sh('ip', ['netns', 'del', this.name]);
    rmSync(join(NETNS_ETC, this.name), { recursive: true, force: true });
    if (this.createdNetnsEtc) {
      try {
        rmdirSync(NETNS_ETC); // only when no other namespace still keeps files there
      } catch {
        // not empty: another namespace's files
      }
    }
  }
}

function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.stdin.end();
  });
}
