// Runs the lab's HTTP CONNECT proxy as a process of its own, for tests that need it somewhere the test process
// is not (inside a network namespace: `ip netns exec <ns> node --import tsx test/helpers/proxy-server.ts
// --port 3128 --host 127.0.0.1 --mode tunnel`). Prints one line `READY <port>` once listening, and closes when
// its stdin ends or it is sent SIGTERM, so the parent test controls its life. It tunnels to loopback only.
import { parseArgs } from 'node:util';
import { startLabProxy, type LabProxyMode } from '../../src/lab/proxy.ts';
import { closeWhenParentLets } from './child-life.ts';

const MODES: readonly LabProxyMode[] = ['tunnel', 'refuse', 'auth', 'hang', 'garbage', 'greeting', 'endless-head'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    mode: { type: 'string', default: 'tunnel' },
    user: { type: 'string' },
    pass: { type: 'string' },
  },
});
const mode = values.mode as LabProxyMode;
if (!MODES.includes(mode)) throw new Error(`proxy-server.ts: --mode must be one of ${MODES.join(', ')}`);
const proxy = await startLabProxy({
  mode,
  host: values.host,
  port: Number(values.port),
  ...(values.user !== undefined ? { credentials: { user: values.user, pass: values.pass ?? '' } } : {}),
});
process.stdout.write(`READY ${proxy.port}\n`);

closeWhenParentLets(() => proxy.close());
