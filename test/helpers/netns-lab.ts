// Runs a lab as a whole machine's network: DNS on 127.0.0.1:53 and every edge on port 443, meant to be started
// inside a network namespace (`ip netns exec <ns> node --import tsx test/helpers/netns-lab.ts <scenario.json>`).
// Prints one line `READY {"caFile": ..., "args": [...]}` once listening, and closes everything when its stdin
// ends or it is sent SIGTERM, so the parent test controls its life.
import { readFileSync } from 'node:fs';
import type { Scenario } from '../../src/lab/scenario.ts';
import { startLab } from '../../src/lab/start.ts';
import { closeWhenParentLets } from './child-life.ts';

const READY = 'READY ';

const file = process.argv[2];
if (!file) throw new Error('usage: netns-lab.ts <scenario.json>');
const scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario;
const lab = await startLab(scenario, { dnsPort: 53, edgePort: 443 });
process.stdout.write(`${READY}${JSON.stringify({ caFile: lab.caFile, args: lab.args, resolvers: lab.setup.resolvers, port: lab.setup.port })}\n`);

closeWhenParentLets(() => lab.close());
