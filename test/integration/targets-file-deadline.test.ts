// A targets stream that never ends (a pipe left open) cannot hold the run past --deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/cli.ts';

test('--targets-file - stops reading at the deadline and reports what it had', async () => {
  const child = spawn(process.execPath, [BIN, '--targets-file', '-', '--deadline', '1000', '--timeout', '300', '--resolver', '127.0.0.1:9', '--no-builtin-canaries', '--no-builtin-controls', '--ndjson'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stdin.write('example.com\n'); // and never closed: the pipe stays open
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  child.stdin.destroy();
  assert.notEqual(code, null, 'the process ended by itself, not by the kill timer');
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]!).host, 'example.com');
});
