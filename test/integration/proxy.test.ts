// Probing through an HTTP CONNECT proxy, in-process against the lab and the lab's proxy: HTTPS_PROXY comes from
// the run's own env (never process.env), NO_PROXY and --noproxy bypass it, and every way a proxy can fail is a
// coded value on the probe, bounded by --timeout, with nothing the proxy sent reaching the report raw.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.ts';
import { startLabProxy, type LabProxy, type LabProxyMode } from '../../src/lab/proxy.ts';
import { findScenario } from '../../src/lab/scenarios/index.ts';
import { startLab, type LabInstance } from '../../src/lab/start.ts';
import { createLabCa } from '../../src/lab/certs.ts';
import { startEdges } from '../../src/lab/edges.ts';
import { probeEdge, type ProbeOptions } from '../../src/probe/edge.ts';
import type { ProxyServer } from '../../src/probe/proxy-config.ts';
import type { EdgeProbe, Report } from '../../src/types.ts';
import { reportErrors, undescribedFields } from '../helpers/schema.ts';
import { capture } from '../helpers/capture.ts';

const TARGET = 'www.fastly.com';
/** --timeout for these runs: long enough for the lab's DNS on a loaded machine, short enough to wait out once. */
const TIMEOUT_MS = 1500;

interface Outcome {
  code: number;
  report: Report | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `cdn-check <lab args> <extra> TARGET` in this process, with `env` as its whole environment. */
async function diagnose(lab: LabInstance, env: Record<string, string>, extra: string[] = [], format = '--json'): Promise<Outcome> {
  const stdout = capture();
  const stderr = capture();
  const started = performance.now();
  const code = await main([format, ...lab.args, '--timeout', String(TIMEOUT_MS), '--deadline', '10000', ...extra, TARGET], { stdout, stderr, stdin: process.stdin, env });
  const ms = performance.now() - started;
  let report: Report | null = null;
  if (format === '--json' && stdout.text !== '') report = JSON.parse(stdout.text) as Report;
  return { code, report, stdout: stdout.text, stderr: stderr.text, ms };
}

/** Sends one CONNECT for `authority` to the proxy on 127.0.0.1:`port` and returns all it answered until it closed. */
function askConnect(port: number, authority: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk) => (text += String(chunk))).on('close', () => resolve(text)).on('error', reject);
  });
}

/** A loopback port nothing listens on (just released by a listener of ours). */
async function freePort(): Promise<number> {
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  const { port } = squatter.address() as { port: number };
  await new Promise<void>((resolve) => squatter.close(() => resolve()));
  return port;
}

/** The lab proxy as probeEdge takes it. */
function proxyServer(lab: LabProxy): ProxyServer {
  return { host: lab.host, port: lab.port, label: `${lab.host}:${lab.port}`, authorization: null };
}

const PROBE: ProbeOptions = { host: 'www.fastly.com', path: '/', scheme: 'https', port: 443, timeoutMs: 2000, insecure: false };

function probesOf(outcome: Outcome): EdgeProbe[] {
  const probes = outcome.report?.targets[0]?.probes ?? [];
  assert.ok(probes.length > 0, `probes were made (stderr: ${outcome.stderr})`);
  return probes;
}

describe('probes through an HTTP CONNECT proxy (the lab proxy)', () => {
  let lab: LabInstance;
  const proxies = new Map<LabProxyMode, LabProxy>();
  before(async () => {
    lab = await startLab(findScenario('healthy')!);
    for (const mode of ['tunnel', 'refuse', 'auth', 'hang', 'garbage', 'greeting', 'endless-head'] as const) {
      proxies.set(mode, await startLabProxy({ mode, credentials: { user: 'alice', pass: 's3cr:t@!' } }));
    }
  });
  after(async () => {
    await Promise.all([...proxies.values()].map((p) => p.close()));
    await lab.close();
  });
  const proxy = (mode: LabProxyMode): LabProxy => proxies.get(mode)!;

  it('a healthy target through a working proxy is up, each edge tunnelled to its own address, and the report says via', async () => {
    const tunnel = proxy('tunnel');
    const before = tunnel.requests().length;
    const outcome = await diagnose(lab, { HTTPS_PROXY: tunnel.url() });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.equal(outcome.report?.targets[0]?.verdict.status, 'up');
    const probes = probesOf(outcome);
    for (const probe of probes) {
      assert.equal(probe.via, `proxy 127.0.0.1:${tunnel.port}`);
      assert.equal(probe.tunnel?.ok, true);
      assert.equal(probe.tunnel?.status, 200);
      assert.equal(probe.http?.status, 200);
    }
    const asked = tunnel.requests().slice(before);
    // The control may be probed too (through the same proxy) when it starts before the target is done.
    for (const probe of probes) assert.equal(asked.filter((a) => a === `${probe.address}:${probe.port}`).length, 1, 'one CONNECT per edge address');
    for (const authority of asked) assert.match(authority, /^127\.\d+\.\d+\.\d+:\d+$/, 'CONNECT names an address, never the host name');
    assert.deepEqual(reportErrors(outcome.report), []);
    assert.deepEqual(undescribedFields(outcome.report), []);
  });

  it('the text report names the proxy', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('tunnel').url() }, ['--no-color'], '--verbose');
    assert.match(outcome.stdout, new RegExp(`via proxy 127\\.0\\.0\\.1:${proxy('tunnel').port}`));
  });

  it('lower-case https_proxy wins over HTTPS_PROXY, as in curl', async () => {
    const outcome = await diagnose(lab, { https_proxy: proxy('tunnel').url(), HTTPS_PROXY: proxy('refuse').url() });
    assert.equal(outcome.code, 0, outcome.stderr);
    assert.equal(probesOf(outcome)[0]?.via, `proxy 127.0.0.1:${proxy('tunnel').port}`);
  });

  it('NO_PROXY naming the target, or its domain, sends it direct', async () => {
    for (const noProxy of [TARGET, '.fastly.com', 'fastly.com', 'example.org, FASTLY.COM', '*']) {
      const refuse = proxy('refuse');
      const before = refuse.requests().length;
      const outcome = await diagnose(lab, { HTTPS_PROXY: refuse.url(), NO_PROXY: noProxy });
      assert.equal(outcome.code, 0, `NO_PROXY=${noProxy}: ${outcome.stderr}`);
      for (const probe of probesOf(outcome)) assert.equal(probe.via, null);
      assert.equal(refuse.requests().length, before, `NO_PROXY=${noProxy}: the proxy was not asked`);
    }
  });

  it('NO_PROXY naming another domain leaves the target proxied', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('refuse').url(), NO_PROXY: 'notfastly.com,fastly.co' });
    assert.equal(probesOf(outcome)[0]?.tcp.error?.code, 'PROXY_REFUSED');
  });

  it('--noproxy bypasses the proxy, and replaces NO_PROXY', async () => {
    const bypass = await diagnose(lab, { HTTPS_PROXY: proxy('refuse').url() }, ['--noproxy', 'fastly.com']);
    assert.equal(bypass.code, 0, bypass.stderr);
    assert.equal(probesOf(bypass)[0]?.via, null);
    const replaced = await diagnose(lab, { HTTPS_PROXY: proxy('refuse').url(), NO_PROXY: '*' }, ['--noproxy', 'example.org']);
    assert.equal(probesOf(replaced)[0]?.tcp.error?.code, 'PROXY_REFUSED');
  });

  it('a refusing proxy is PROXY_REFUSED with its status, on every edge', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('refuse').url() });
    for (const probe of probesOf(outcome)) {
      assert.equal(probe.tcp.ok, false);
      assert.equal(probe.tcp.error?.code, 'PROXY_REFUSED');
      assert.equal(probe.tunnel?.status, 403);
      assert.match(probe.tcp.error?.message ?? '', /403 Forbidden/);
      assert.equal(probe.tls, null);
    }
    // The control goes through the same proxy and fails alike: nothing is reachable from here.
    assert.equal(outcome.report?.targets[0]?.controls[0]?.code, 'PROXY_REFUSED');
    assert.equal(outcome.code, 3);
    assert.deepEqual(reportErrors(outcome.report), []);
    assert.deepEqual(undescribedFields(outcome.report), []);
  });

  it('a proxy that wants credentials is PROXY_REFUSED 407 without them, and tunnels with them; the password never appears', async () => {
    const without = await diagnose(lab, { HTTPS_PROXY: proxy('auth').url() });
    assert.equal(probesOf(without)[0]?.tcp.error?.code, 'PROXY_REFUSED');
    assert.equal(probesOf(without)[0]?.tunnel?.status, 407);
    const withCredentials = await diagnose(lab, { HTTPS_PROXY: proxy('auth').url(true) }, ['--debug']);
    assert.equal(withCredentials.code, 0, withCredentials.stderr);
    assert.equal(probesOf(withCredentials)[0]?.via, `proxy 127.0.0.1:${proxy('auth').port}`);
    for (const text of [withCredentials.stdout, withCredentials.stderr]) {
      assert.doesNotMatch(text, /s3cr|alice/);
    }
  });

  it('wrong credentials are named as rejected', async () => {
    const url = `http://alice:wrong@127.0.0.1:${proxy('auth').port}`;
    const outcome = await diagnose(lab, { HTTPS_PROXY: url });
    assert.match(probesOf(outcome)[0]?.tcp.error?.message ?? '', /407 Proxy Authentication Required for CONNECT .*; it rejected the credentials/);
    assert.doesNotMatch(outcome.stdout + outcome.stderr, /wrong/);
  });

  it('a proxy that never answers CONNECT is PROXY_TIMEOUT, bounded by --timeout', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('hang').url() });
    for (const probe of probesOf(outcome)) {
      assert.equal(probe.tcp.error?.code, 'PROXY_TIMEOUT');
      assert.ok((probe.tunnel?.ms ?? 0) >= TIMEOUT_MS - 50 && (probe.tunnel?.ms ?? Infinity) < TIMEOUT_MS * 3, `tunnel ms ${probe.tunnel?.ms}`);
    }
    assert.ok(outcome.ms < 9000, `the run took ${Math.round(outcome.ms)} ms`);
  });

  it('a proxy that answers garbage is PROXY_MALFORMED, and its bytes are sanitised', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('garbage').url() });
    for (const probe of probesOf(outcome)) assert.equal(probe.tcp.error?.code, 'PROXY_MALFORMED');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(outcome.stdout, /\\u001b|\\u0007|\u001b|\u0007/);
    const text = await diagnose(lab, { HTTPS_PROXY: proxy('garbage').url() }, ['--no-color'], '--verbose');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text.stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('a port that greets with a line that is not HTTP (an SSH server) is PROXY_MALFORMED at once, not a timeout', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('greeting').url() });
    for (const probe of probesOf(outcome)) {
      assert.equal(probe.tcp.error?.code, 'PROXY_MALFORMED');
      assert.match(probe.tcp.error?.message ?? '', /SSH-2\.0-OpenSSH_9\.6/);
      assert.ok((probe.tunnel?.ms ?? Infinity) < TIMEOUT_MS - 50, `judged after ${probe.tunnel?.ms} ms, before the ${TIMEOUT_MS} ms timeout`);
    }
  });

  it('a proxy that sends an endless response head is PROXY_MALFORMED, not a hang', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: proxy('endless-head').url() });
    for (const probe of probesOf(outcome)) {
      assert.equal(probe.tcp.error?.code, 'PROXY_MALFORMED');
      assert.match(probe.tcp.error?.message ?? '', /response head over/);
    }
  });

  it('a proxy address with nothing listening is PROXY_CONNECT_FAILED, keeping the socket code', async () => {
    const port = await freePort();
    const outcome = await diagnose(lab, { HTTPS_PROXY: `127.0.0.1:${port}` });
    for (const probe of probesOf(outcome)) {
      assert.equal(probe.tcp.error?.code, 'PROXY_CONNECT_FAILED');
      assert.match(probe.tcp.error?.message ?? '', /ECONNREFUSED/);
      assert.equal(probe.tunnel, null);
      assert.equal(probe.via, `proxy 127.0.0.1:${port}`);
    }
  });

  it('an unsupported proxy URL is a usage error naming the variable, with the password masked', async () => {
    const outcome = await diagnose(lab, { HTTPS_PROXY: 'socks5://bob:hunter2@127.0.0.1:1080' });
    assert.equal(outcome.code, 64);
    assert.match(outcome.stderr, /HTTPS_PROXY "socks5:\/\/bob:\*\*\*@127\.0\.0\.1:1080": socks5:\/\/ proxies are not supported/);
    assert.doesNotMatch(outcome.stderr, /hunter2/);
    assert.equal(outcome.stderr.trim().split('\n').length, 1);
    const hostile = await diagnose(lab, { HTTPS_PROXY: 'http://\x1b]0;pwned\x07:1' });
    assert.equal(hostile.code, 64);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(hostile.stderr, /[\u0000-\u0009\u000b-\u001f\u007f]/);
    const escaped = await diagnose(lab, { HTTPS_PROXY: 'socks5://127.0.0.1:1080' }, ['--noproxy', '*']);
    assert.equal(escaped.code, 0, "--noproxy '*' is a way out");
  });

  it('`cdn-check lab` ignores the environment\'s proxy (its edges are on this machine\'s loopback) and owns --noproxy', async () => {
    const refuse = proxy('refuse');
    const before = refuse.requests().length;
    const io = { stdout: capture(), stderr: capture(), stdin: process.stdin, env: { HTTPS_PROXY: refuse.url() } };
    assert.equal(await main(['lab', 'healthy', '--quiet'], io), 0, io.stderr.text);
    assert.equal(refuse.requests().length, before);
    const owned = { ...io, stderr: capture() };
    assert.equal(await main(['lab', 'healthy', '--quiet', '--noproxy', 'x.example'], owned), 64);
    assert.match(owned.stderr.text, /--noproxy cannot be used with lab/);
  });

  it('an edge the proxy cannot reach is PROXY_REFUSED 502, saying so', async () => {
    const closed = await freePort();
    const probe = await probeEdge('127.0.0.1', { ...PROBE, port: closed, proxy: proxyServer(proxy('tunnel')) });
    assert.equal(probe.tcp.error?.code, 'PROXY_REFUSED');
    assert.equal(probe.tunnel?.status, 502);
    assert.match(probe.tcp.error?.message ?? '', /502 Bad Gateway for CONNECT 127\.0\.0\.1:\d+; it could not reach the edge/);
  });

  it('an http:// edge is tunnelled the same way (CONNECT, then the GET), timings adding up', async () => {
    const edges = await startEdges([{ address: '127.64.7.1', tls: false, behaviour: { kind: 'respond', status: 204 } }], { ca: createLabCa() });
    try {
      const probe = await probeEdge('127.64.7.1', { ...PROBE, scheme: 'http', port: edges.port, proxy: proxyServer(proxy('tunnel')) });
      assert.equal(probe.http?.status, 204);
      assert.equal(probe.tls, null);
      assert.equal(probe.tunnel?.status, 200);
      const sum = (probe.tcp.ms ?? 0) + (probe.tunnel?.ms ?? 0) + (probe.http?.ms ?? 0);
      assert.ok(Math.abs(sum - probe.totalMs) < 1, `tcp + tunnel + http = ${sum}, total ${probe.totalMs}`);
    } finally {
      await edges.close();
    }
  });

  it('an IPv6 edge is asked for as [address]:port', async (t) => {
    const server = createHttpServer((_req, res) => res.writeHead(204).end());
    const listening = await new Promise<boolean>((resolve) => server.once('error', () => resolve(false)).listen(0, '::1', () => resolve(true)));
    if (!listening) return t.skip('no ::1 on this machine');
    try {
      const { port } = server.address() as { port: number };
      const before = proxy('tunnel').requests().length;
      const probe = await probeEdge('::1', { ...PROBE, scheme: 'http', port, proxy: proxyServer(proxy('tunnel')) });
      assert.equal(probe.http?.status, 204);
      assert.deepEqual(proxy('tunnel').requests().slice(before), [`[::1]:${port}`]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the run deadline ends a CONNECT the proxy never answers, whatever --timeout says', async () => {
    const started = performance.now();
    const probe = await probeEdge('127.0.0.1', {
      ...PROBE,
      timeoutMs: 30_000,
      signal: AbortSignal.timeout(200),
      proxy: proxyServer(proxy('hang')),
    });
    assert.equal(probe.tcp.error?.code, 'DEADLINE');
    assert.equal(probe.tunnel?.error?.code, 'DEADLINE');
    assert.ok(performance.now() - started < 2000);
  });

  it('the lab proxy tunnels to loopback IP literals only (refused before any connection is made)', async () => {
    for (const authority of ['192.0.2.1:443', 'example.com:443', '[2001:db8::1]:443', 'localhost:443']) {
      assert.match(await askConnect(proxy('tunnel').port, authority), /^HTTP\/1\.1 403 /, authority);
    }
  });
});

describe('test/helpers/proxy-server.ts (the lab proxy as a process of its own, for namespace tests)', () => {
  it('prints READY <port>, serves CONNECT, and exits when its stdin ends', async () => {
    const script = fileURLToPath(new URL('../helpers/proxy-server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--mode', 'refuse'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /^READY (\d+)\n/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('close', () => reject(new Error(`exited before READY: ${out}`)));
      });
      assert.match(await askConnect(port, '127.0.0.1:9'), /^HTTP\/1\.1 403 /);
    } finally {
      child.stdin.end();
    }
    assert.equal(await exited, 0);
  });
});
