// The lab's status pages (issue 17 §4): one loopback HTTP server answering `/<provider>/feed` for every provider with
// the scenario's page for it (or "All Systems Operational"), as the provider's real feed is written. A provider's
// timeline advances one step per read. `cdn-check lab` and labArgs point `--status-feed '*=…'` here, so a lab run
// never reads a real status page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LabStatusStep, Scenario } from './scenario.ts';
import { ALL_OPERATIONAL, feedBody } from './status-feeds.ts';

export interface LabStatusServer {
  /** `http://127.0.0.1:<port>/{provider}/feed`: the value for `--status-feed '*=…'`. */
  template: string;
  /** Reads per provider so far (tests). */
  reads: (provider: string) => number;
  close(): Promise<void>;
}

/** The step a provider's page shows at its `read`-th read (0-based): the last step repeats. */
export function stepAt(steps: LabStatusStep | LabStatusStep[] | undefined, read: number): LabStatusStep {
  if (steps === undefined) return ALL_OPERATIONAL;
  if (!Array.isArray(steps)) return steps;
  return steps[Math.min(read, steps.length - 1)] ?? ALL_OPERATIONAL;
}

export async function startStatusServer(scenario: Pick<Scenario, 'status'>, opts: { latencyMs?: number; clock?: () => number } = {}): Promise<LabStatusServer> {
  const reads = new Map<string, number>();
  const clock = opts.clock ?? Date.now;
  const server: Server = createServer((req, res) => {
    const m = /^\/([a-z0-9-]{1,64})\/feed$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const provider = m[1]!;
    const read = reads.get(provider) ?? 0;
    reads.set(provider, read + 1);
    const step = stepAt(scenario.status?.[provider], read);
    const answer = (): void => {
      if (step === 'unreachable') {
        res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
        return;
      }
      const { contentType, body } = feedBody(provider, step, clock());
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' }).end(body);
    };
    if (opts.latencyMs) setTimeout(answer, opts.latencyMs);
    else answer();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/{provider}/feed`,
    reads: (provider) => reads.get(provider) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
