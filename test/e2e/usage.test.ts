// The front door through the real binary: bad input is one line and exit 64, never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.ts';

const badInputs: [args: string[], mentions: RegExp][] = [
  [[''], /invalid target "".*empty/],
  [['paytm..com'], /invalid target "paytm\.\.com".*empty label/],
  [['http://'], /invalid target "http:\/\/".*no host/],
  [[`${'a'.repeat(64)}.com`], /64 characters/],
  [['-bad-.com'], /hyphen/],
  [['exa mple.com'], /spaces/],
  [['example.com:70000'], /70000/],
  [[`${'abcdefghij.'.repeat(23)}com`], /253/],
  [['--bogus-flag', 'paytm.com'], /unknown option '--bogus-flag'/],
  [[], /no target given/],
  [['--timeout', 'soon', 'paytm.com'], /--timeout "soon" is not a duration/],
  [['--timeout', '5', 'paytm.com'], /--timeout 5: a bare number is milliseconds; did you mean 5s\?/],
  [['--deadline', '2h', 'paytm.com'], /--deadline 2h is out of range \(1ms–1h\)/],
  [['--timeout', '0', 'paytm.com'], /--timeout 0ms is out of range \(1ms–10m\)/],
  [['--port', '70000', 'paytm.com'], /--port 70000 is out of range/],
  [['--concurrency', '0', 'paytm.com'], /--concurrency 0 is out of range/],
  [['--resolver', 'not-an-ip', 'paytm.com'], /--resolver "not-an-ip"/],
  [['--canary', 'akamai', 'paytm.com'], /--canary "akamai" is not provider=host/],
  [['--canary', 'nosuchcdn=www.example.com', 'paytm.com'], /unknown provider id "nosuchcdn"; cdn-check providers lists them/],
  [['--canary', 'Akami=www.example.com', 'paytm.com'], /unknown provider id "akami" \(did you mean akamai\?\); cdn-check providers lists them/],
  [['--json', '--ndjson', 'paytm.com'], /--json and --ndjson cannot be used together/],
  [['--deadline', '100', '--timeout', '500', 'paytm.com'], /--deadline 100ms is shorter than --timeout 500ms/],
  [['--deadline', '2s', '--timeout', '2.5s', 'paytm.com'], /--deadline 2s is shorter than --timeout 2500ms/],
  [['--report', 'r.json', '--targets-file', '-'], /--report needs the whole report: not with --targets-file/],
  [['--report', 'same.json', '-o', 'same.json', 'paytm.com'], /--report and --output name the same file/],
  [['lab', 'no-such-scenario'], /unknown lab scenario "no-such-scenario"; cdn-check lab --list lists them/],
  // -4/-6, --resolve (curl's forms): a loopback --resolver on each, so a case that slipped through would stay on this machine.
  [['-4', '-6', '--resolver', '127.0.0.1:1', 'paytm.com'], /-4 and -6 cannot be used together/],
  [['-6', '127.0.0.1'], /-6: target "127\.0\.0\.1" is an IPv4 address/],
  [['-4', '[::1]'], /-4: target "\[::1\]" is an IPv6 address/],
  [['--resolve', 'paytm.com', '--resolver', '127.0.0.1:1', 'paytm.com'], /--resolve "paytm\.com": expected host:port:address/],
  [['--resolve', 'paytm.com:443:not-an-ip', '--resolver', '127.0.0.1:1', 'paytm.com'], /--resolve "paytm\.com:443:not-an-ip": "not-an-ip" is not an IP address/],
  [['--resolve', 'paytm.com:99999:127.0.0.1', '--resolver', '127.0.0.1:1', 'paytm.com'], /port "99999" is not a number from 1 to 65535/],
  [['--resolve', 'paytm.com:443:::1', '--resolver', '127.0.0.1:1', 'paytm.com'], /must be in brackets: \[::1\]/],
  [['--resolve', '*:443:127.0.0.1', '--resolver', '127.0.0.1:1', 'paytm.com'], /wildcard host is not supported/],
  [['--resolve', '-paytm.com:443', '--resolver', '127.0.0.1:1', 'paytm.com'], /the - forms of curl's --resolve are not supported/],
  [['--connect-to', 'paytm.com:443:edge.example.net', '--resolver', '127.0.0.1:1', 'paytm.com'], /--connect-to "paytm\.com:443:edge\.example\.net": expected host:port:connect-host:connect-port/],
  [['--connect-to', 'paytm.com:443:edge.example.net:0', '--resolver', '127.0.0.1:1', 'paytm.com'], /connect port "0" is not a number from 1 to 65535/],
  [['-4', '--resolve', 'paytm.com:443:[::1]', '--resolver', '127.0.0.1:1', 'paytm.com'], /no IPv4 address, and -4 probes only IPv4/],
  [['lab', '--resolver', '127.0.0.1', 'healthy'], /--resolver cannot be used with lab/],
  [['lab', '--latency', 'slow', 'healthy'], /--latency "slow" is not a duration/],
  [['lab', '--latency', '5000', 'healthy'], /--latency 5s is out of range \(0ms–2s\)/],
];

for (const [args, mentions] of badInputs) {
  test(`cdn-check ${JSON.stringify(args).slice(1, -1).slice(0, 60)} exits 64 with one line on stderr and nothing on stdout`, async () => {
    const result = await runCli(args);
    assert.equal(result.code, 64, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
    assert.match(lines[0]!, /^cdn-check: /);
    assert.match(lines[0]!, mentions);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
}

test('--version prints the package version and exits 0', async () => {
  const result = await runCli(['--version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('--help shows usage, examples for terminal, CI and scripts, and the exit codes', async () => {
  const result = await runCli(['--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Usage: cdn-check \[options\] \[command\] \[targets\.\.\.\]/);
  for (const word of ['--json', '--ndjson', '--resolver', '--deadline', 'In CI', 'In scripts', 'cdn-check lab', '64 usage error']) {
    assert.ok(result.stdout.includes(word), `help mentions ${word}`);
  }
  assert.equal(result.stderr, '');
});

test('a control character in a bad target is not echoed raw to the terminal', async () => {
  const result = await runCli(['bad\u001b[2Jname.com']);
  assert.equal(result.code, 64);
  assert.ok(!result.stderr.includes('\u001b'), 'no ESC on stderr');
});
