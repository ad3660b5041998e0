import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { describe, it } from 'node:test';
import { warmTls } from '../../../src/probe/warm.ts';

const resources = (): string[] => process.getActiveResourcesInfo().sort();

describe('warmTls', () => {
  it('readies the default trust store and a handshake in memory, and leaves nothing open', async () => {
    const before = resources();
    await warmTls(undefined);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve)); // the stream's own close runs on a later turn
    assert.deepEqual(resources(), before);
  });

  it('readies a trust list with extra certificates the same way', async () => {
    const before = resources();
    await warmTls([...rootCertificates]);
    await warmTls([...rootCertificates]);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve)); // the stream's own close runs on a later turn
    assert.deepEqual(resources(), before);
  });
});
