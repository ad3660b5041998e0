// Trust loading: Node's roots + NODE_EXTRA_CA_CERTS + --ca-file, and failures as values.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { createLabCa } from '../../../src/lab/certs.ts';
import { loadTrust, splitPem } from '../../../src/probe/trust.ts';

const someRoot = rootCertificates[0] as string;
const otherRoot = rootCertificates[1] as string;

describe('loadTrust', () => {
  let dir = '';
  let labCa = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdn-check-trust-'));
    labCa = createLabCa().caPem;
    await writeFile(join(dir, 'two.pem'), `${someRoot}\n${otherRoot}\n`);
    await writeFile(join(dir, 'lab.pem'), labCa);
    await writeFile(join(dir, 'empty.pem'), 'no certificates here\n');
    await writeFile(join(dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("starts from Node's bundled roots when nothing else is given", async () => {
    const trust = loadTrust({ caFile: null });
    assert.ok('ca' in trust);
    assert.equal(trust.ca.length, new Set(rootCertificates).size);
  });

  it('adds the certificates of --ca-file after the roots', async () => {
    const trust = loadTrust({ caFile: join(dir, 'lab.pem') });
    assert.ok('ca' in trust);
    assert.equal(trust.ca.at(-1)?.trim(), labCa.trim());
    assert.equal(trust.ca.length, new Set(rootCertificates).size + 1);
  });

  it('drops certificates that are already trusted', async () => {
    const trust = loadTrust({ caFile: join(dir, 'two.pem') });
    assert.ok('ca' in trust);
    assert.equal(trust.ca.length, new Set(rootCertificates).size);
  });

  it('returns CA_FILE_UNREADABLE for a missing --ca-file', async () => {
    const trust = loadTrust({ caFile: join(dir, 'missing.pem') });
    assert.ok('code' in trust);
    assert.equal(trust.code, 'CA_FILE_UNREADABLE');
    assert.match(trust.message, /missing\.pem.*ENOENT/);
  });

  it('returns CA_FILE_INVALID for a file without a usable certificate', async () => {
    for (const name of ['empty.pem', 'broken.pem']) {
      const trust = loadTrust({ caFile: join(dir, name) });
      assert.ok('code' in trust);
      assert.equal(trust.code, 'CA_FILE_INVALID', name);
    }
  });

  it('only warns about an unreadable NODE_EXTRA_CA_CERTS, as Node does', async () => {
    const trust = loadTrust({ caFile: null, extraCaEnv: join(dir, 'missing.pem') });
    assert.ok('ca' in trust);
    assert.equal(trust.warnings?.[0]?.code, 'EXTRA_CA_UNREADABLE');
  });

  it('adds the certificates named by NODE_EXTRA_CA_CERTS without a warning', async () => {
    const trust = loadTrust({ caFile: null, extraCaEnv: join(dir, 'lab.pem') });
    assert.ok('ca' in trust);
    assert.ok(trust.ca.some((pem) => pem.trim() === labCa.trim()));
    assert.equal(trust.warnings, undefined);
  });
});

describe('splitPem', () => {
  it('finds every certificate block and ignores text around them', () => {
    assert.equal(splitPem(`junk\n${someRoot}\nmore junk\n${otherRoot}`)?.length, 2);
  });

  it('rejects a block that is not a certificate', () => {
    assert.equal(splitPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'), null);
  });
});
