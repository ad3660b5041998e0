// Which HTTP client a real run loads: an HTTP/2 edge is probed with node:http2, so a healthy run against h2 edges
// never loads undici's client (~450 KB, ~40 ms of CPU); HTTP/1.1 (--http1.1) still does. Checked on the built
// binary, by recording every module file the child's ES module loader loads, so the bundle's splitting is checked
// too. The lab's canaries and controls are probed in the same run, over h2 like the target.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { useLab } from '../helpers/lab.ts';
import { HEALTHY_PAYTM } from '../helpers/netns.ts';
import type { Report } from '../../src/types.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** esbuild names every bundled module in a comment above it: undici's client is in the file holding this one. */
const UNDICI_CLIENT = '// node_modules/undici/lib/dispatcher/client.js';

const dir = mkdtempSync(join(tmpdir(), 'cdn-check-loads-'));

/** A preload that registers a loader hook appending each file URL loaded to `out`. */
function recordingHook(out: string): string {
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(out)}, url + '\\n');
  return next(url, context);
}`;
  const preload = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return `data:text/javascript,${encodeURIComponent(preload)}`;
}

/** Runs the binary against the lab and returns its report and the dist/ files it loaded, with their text. */
async function loadedBy(args: string[], name: string): Promise<{ report: Report; files: Map<string, string> }> {
  const out = join(dir, `${name}.txt`);
  const r = await runCli(args, { env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${recordingHook(out)}`.trim() } });
  assert.equal(r.code, 0, r.stderr);
  const files = new Map<string, string>();
  for (const url of readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
    const path = fileURLToPath(url);
    if (path.startsWith(DIST)) files.set(path.slice(DIST.length), readFileSync(path, 'utf8'));
  }
  return { report: JSON.parse(r.stdout) as Report, files };
}

describe('the HTTP client a run loads', () => {
  const lab = useLab(HEALTHY_PAYTM);
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a healthy run whose edges all speak h2 never loads undici', async () => {
    const { report, files } = await loadedBy(['--json', ...lab().args, 'paytm.com'], 'h2');
    const probes = report.targets.flatMap((t) => t.probes);
    assert.ok(probes.length > 0);
    for (const probe of probes) assert.equal(probe.http?.protocol, 'h2', probe.address);
    assert.ok(files.has('cli.js'), `the hook saw the run's modules: ${[...files.keys()].join(', ')}`);
    const withUndici = [...files].filter(([, text]) => text.includes(UNDICI_CLIENT)).map(([file]) => file);
    assert.deepEqual(withUndici, []);
  });

  test('with --http1.1 the same run loads undici for HTTP/1.1', async () => {
    const { report, files } = await loadedBy(['--json', ...lab().args, '--http1.1', 'paytm.com'], 'http1');
    for (const probe of report.targets.flatMap((t) => t.probes)) assert.equal(probe.http?.protocol, 'http/1.1', probe.address);
    assert.ok([...files.values()].some((text) => text.includes(UNDICI_CLIENT)));
  });
});
