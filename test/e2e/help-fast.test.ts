// `cdn-check --help` alone is printed by dist/help.js, not by the CLI (bin/cdn-check.js): it must be the CLI's help
// byte for byte, at every terminal width, and stay so. The help data is the build's description of src/cli.ts's
// program, so an option added there without a rebuild fails here. Only loopback is involved: --help and
// `help` send nothing.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { Readable } from 'node:stream';
import { buildProgram, main } from '../../src/cli.ts';
import { describeTopHelp, type TopHelp } from '../../src/commands/top-help.ts';
import { capture } from '../helpers/capture.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { findPtyTool, runInPty } from '../helpers/pty.ts';

const WIDTHS = [30, 40, 60, 80, 100, 120, 200];

interface BuiltHelp {
  topHelp: TopHelp;
  topHelpText: (helpWidth: number | undefined) => string;
}
/** dist/help.js as bin/ loads it (imported in the tests, so a missing build fails them, not the whole run). */
const loadBuilt = async (): Promise<BuiltHelp> => (await import(new URL('../../dist/help.js', import.meta.url).href)) as BuiltHelp;

/**
 * The live CLI's `--help` (src/cli.ts, in-process), on a stdout that is a terminal `width` columns wide, or not a
 * terminal at all (undefined). commander reads the width from process.stdout itself, so that is what is set here,
 * for the length of the call.
 */
async function cliHelp(width: number | undefined, env: Record<string, string> = {}): Promise<string> {
  const stdout = process.stdout as { isTTY?: boolean; columns?: number };
  const saved = (['isTTY', 'columns'] as const).map((key) => [key, Object.getOwnPropertyDescriptor(stdout, key)] as const);
  const savedEnv = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.defineProperty(stdout, 'isTTY', { value: width !== undefined, configurable: true, writable: true });
  Object.defineProperty(stdout, 'columns', { value: width, configurable: true, writable: true });
  Object.assign(process.env, env);
  try {
    const out = capture();
    const err = capture();
    assert.equal(await main(['--help'], { stdout: out, stderr: err, stdin: Readable.from([]), env: {} }), 0);
    assert.equal(err.text, '');
    return out.text;
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(stdout, key, descriptor);
      else delete stdout[key];
    }
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('the help data in dist/help.js is the live program\'s: after a change to src/cli.ts, run `npm run build`', async () => {
  const built = await loadBuilt();
  const ignore = (): void => {};
  const program = buildProgram({ stdout: capture(), stderr: capture(), stdin: Readable.from([]), env: {} }, { setAction: ignore, writeErr: ignore });
  assert.deepEqual(built.topHelp, describeTopHelp(program), 'dist/help.js is stale: rebuild (npm run build)');
});

test('the fast --help is the CLI\'s --help byte for byte, on terminals 30 to 200 columns wide and off a terminal', async () => {
  const built = await loadBuilt();
  for (const width of WIDTHS) assert.equal(built.topHelpText(width), await cliHelp(width), `a terminal ${width} columns wide`);
  assert.equal(built.topHelpText(undefined), await cliHelp(undefined), 'not a terminal (80 columns)');
  // Colours forced: commander then strips nothing, and there is nothing to strip.
  assert.equal(built.topHelpText(80), await cliHelp(80, { FORCE_COLOR: '1' }), 'FORCE_COLOR=1');
  assert.equal(built.topHelpText(undefined), await cliHelp(undefined, { FORCE_COLOR: '1' }), 'FORCE_COLOR=1 off a terminal');
});

test('the binary\'s --help and -h print what `cdn-check help` (the CLI) prints, with or without colours forced', async () => {
  for (const env of [{}, { FORCE_COLOR: '1' }, { NO_COLOR: '1' }]) {
    const [long, short, cli] = await Promise.all([runCli(['--help'], { env }), runCli(['-h'], { env }), runCli(['help'], { env })]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^Usage: cdn-check /);
    for (const fast of [long, short]) {
      assert.equal(fast.code, 0, fast.stderr);
      assert.equal(fast.stderr, '');
      assert.equal(fast.stdout, cli.stdout, JSON.stringify(env));
    }
  }
});

const tool = findPtyTool();
describe('on a terminal', { skip: tool ? false : 'no pseudo-terminal here: neither util-linux `script` nor python3 with its pty module' }, () => {
  test('the binary\'s --help is as wide as the terminal, as `cdn-check help` is', async () => {
    assert.ok(tool);
    const built = await loadBuilt();
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };
    for (const cols of [50, 130]) {
      const fast = await runInPty(tool, ['--help'], { env, cols });
      const cli = await runInPty(tool, ['help'], { env, cols });
      assert.equal(fast.code, 0, fast.transcript);
      assert.equal(fast.transcript, cli.transcript, `${cols} columns`);
      // The terminal turns \n into \r\n.
      assert.equal(fast.transcript, built.topHelpText(cols).replace(/\n/g, '\r\n'), `${cols} columns`);
    }
  });
});

describe('output that cannot be written', { skip: existsSync('/dev/full') ? false : 'no /dev/full here' }, () => {
  const full = openSync('/dev/full', 'w');
  after(() => closeSync(full));
  test('--help to a full disk is one line on stderr and exit 74', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 74, result.stderr);
    assert.equal(result.stderr, 'cdn-check: cannot write the report: ENOSPC (no space left on device)\n');
  });
});
