import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rootsWanted } from '../../../src/early-roots.ts';

describe('rootsWanted', () => {
  it('wants the roots for a run that will probe', () => {
    assert.equal(rootsWanted(['paytm.com'], {}), true);
    assert.equal(rootsWanted(['lab', 'akamai-2021', '--json'], {}), true);
    assert.equal(rootsWanted(['--targets-file', 'sites.txt', '--ndjson'], {}), true);
  });

  it('does not when no handshake can follow: --fingerprint-only, --help, --version, lab --list', () => {
    for (const args of [['--fingerprint-only', 'paytm.com'], ['--help'], ['-h'], ['-V'], ['--version'], ['lab', '--list']]) {
      assert.equal(rootsWanted(args, {}), false, args.join(' '));
    }
  });

  it('does not when NODE_EXTRA_CA_CERTS is set: Node has parsed the roots at start-up already', () => {
    assert.equal(rootsWanted(['paytm.com'], { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' }), false);
    assert.equal(rootsWanted(['paytm.com'], { NODE_EXTRA_CA_CERTS: '' }), true, 'an empty value loads nothing');
  });
});

describe('parseRootsInBackground', () => {
  it('never keeps the process alive and writes nothing, even when the process ends before the worker', () => {
    const module = fileURLToPath(new URL('../../../src/early-roots.ts', import.meta.url));
    const script = `import(${JSON.stringify(module)}).then((m) => m.parseRootsInBackground())`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    });
    assert.equal(result.error, undefined);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });
});
