// The proxy contract where users read it: every PROXY_* code in the README's table, --noproxy and the proxy
// variables in --help.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli.ts';
import { PROXY_CODES } from '../../../src/probe/errors.ts';

describe('the proxy contract is documented', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  for (const code of Object.keys(PROXY_CODES)) {
    it(`README's proxy table explains ${code}`, () => assert.match(readme, new RegExp(`^\\| \`${code}\` \\| `, 'm')));
  }
  it('--help lists --noproxy and names HTTPS_PROXY and NO_PROXY', async () => {
    let out = '';
    const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
    assert.equal(await main(['--help'], { stdout: sink, stderr: sink, stdin: process.stdin, env: {} }), 0);
    assert.match(out, /--noproxy <list>/);
    assert.match(out, /HTTPS_PROXY/);
    assert.match(out, /NO_PROXY/);
  });
});
