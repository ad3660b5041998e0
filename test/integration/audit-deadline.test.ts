// `cdn-check audit` under --deadline, in-process with a resolver that never answers: the target in flight is
// reported with what failed, the ones not started are listed as not checked, and the exit code is 5.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { runAudit } from '../../src/audit/command.ts';
import type { AuditOptions } from '../../src/audit/options.ts';
import type { Querier } from '../../src/dns/query.ts';
import { parseTarget } from '../../src/target.ts';
import type { Target } from '../../src/types.ts';

/** A resolver that is silent until the run's signal aborts, then reads as the deadline. */
const silent: Querier = (_resolver, _name, _type, opts) =>
  new Promise((resolve) => {
    const done = (): void => resolve({ ok: false, rcode: 'TIMEOUT', error: { code: 'DEADLINE', message: 'dns: deadline reached' }, ms: 0, tcp: false });
    if (opts.signal?.aborted) return done();
    opts.signal?.addEventListener('abort', done, { once: true });
  });

function target(input: string): Target {
  const parsed = parseTarget(input);
  assert.ok(parsed.ok);
  return parsed.target;
}

describe('audit and --deadline', () => {
  it('reports the target in flight, lists the rest as not checked, and exits 5', async () => {
    const options: AuditOptions = {
      targets: [target('first.test'), target('second.test'), target('third.test')],
      targetsFile: null,
      format: 'json',
      resolvers: [{ host: '127.0.0.1', port: 9, label: '127.0.0.1:9' }],
      nsPort: 53,
      tlsPort: 443,
      fingerprintOnly: false,
      output: null,
      reportFile: null,
      failOn: [],
      timeoutMs: 60_000,
      deadlineMs: 100,
      concurrency: 1,
      color: false,
    };
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const started = performance.now();
    const code = await runAudit(options, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), query: silent });
    assert.ok(performance.now() - started < 5000, 'the deadline, not the 60 s query timeout, ended the run');
    assert.equal(code, 5);
    const report = JSON.parse(out) as { targets: { target: string; audit: { findings: { code: string }[] } }[]; notChecked: string[] };
    assert.deepEqual(report.targets.map((t) => t.target), ['first.test']);
    assert.deepEqual(report.targets[0]?.audit.findings.map((f) => f.code), ['NS_LOOKUP_FAILED']);
    assert.deepEqual(report.notChecked, ['second.test', 'third.test']);
  });
});
