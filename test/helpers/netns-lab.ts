// Runs a lab as a whole machine's network: DNS on port 53 (127.0.0.1, or --dns-host) and every edge on port
// 443, meant to be started inside a network namespace (`ip netns exec <ns> node --import tsx
// test/helpers/netns-lab.ts <scenario.json> [--ipv6 <plan>] [--dns-host <address>]`). With an IPv6 plan that
// serves IPv6, the edges' ULA twins (and a ULA --dns-host) are put on `lo` first — inside the namespace only.
// Prints one line `READY {"caFile": ..., "args": [...]}` once listening, and closes everything when its stdin
// ends or it is sent SIGTERM, so the parent test controls its life.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IPV6_PLANS, withIpv6, type Ipv6Plan } from '../../src/lab/ipv6.ts';
import { LAB_IPV6_PREFIX } from '../../src/lab/edges.ts';
import type { Scenario } from '../../src/lab/scenario.ts';
import { startLab } from '../../src/lab/start.ts';
import { buildWorld } from '../../src/lab/world.ts';
import { closeWhenParentLets } from './child-life.ts';

const READY = 'READY ';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { ipv6: { type: 'string', default: 'none' }, 'dns-host': { type: 'string' } } });
const file = positionals[0];
if (!file) throw new Error('usage: netns-lab.ts <scenario.json> [--ipv6 none|unreachable|dual|only] [--dns-host <address>]');
const ipv6 = values.ipv6 as Ipv6Plan;
if (!IPV6_PLANS.includes(ipv6)) throw new Error(`--ipv6: one of ${IPV6_PLANS.join(', ')}`);
const scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario;

// Never outside a namespace: the addresses below would land on the host's own lo.
if (execFileSync('ip', ['netns', 'identify', String(process.pid)], { encoding: 'utf8' }).trim() === '') throw new Error('netns-lab.ts runs only inside a network namespace');

// Addresses this lab must be able to bind: only lab ULAs, and only ever on this namespace's lo.
const v6 = withIpv6(buildWorld(scenario), ipv6).edges.map((e) => e.address).filter((a) => a.startsWith(LAB_IPV6_PREFIX));
const dnsHost = values['dns-host'];
for (const address of [...v6, ...(dnsHost?.startsWith(LAB_IPV6_PREFIX) ? [dnsHost] : [])]) {
  execFileSync('ip', ['-6', 'addr', 'add', `${address}/128`, 'dev', 'lo', 'nodad']);
}

const lab = await startLab(scenario, { dnsPort: 53, edgePort: 443, ipv6, ...(dnsHost ? { dnsHost } : {}) });
process.stdout.write(`${READY}${JSON.stringify({ caFile: lab.caFile, args: lab.args, resolvers: lab.setup.resolvers, port: lab.setup.port })}\n`);

closeWhenParentLets(() => lab.close());
