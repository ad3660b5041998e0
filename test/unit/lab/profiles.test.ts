// Every lab profile must be recognised by the fingerprint rules, from its CNAME chain alone and from its
// healthy headers alone; the few providers where that is impossible are listed with the reason.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NAMESERVERS, PROFILES } from '../../../src/lab/profiles.ts';
import { PROVIDERS } from '../../../src/fingerprint/providers.ts';
import { classifyError, EDGE_KINDS, fingerprint, lookupSuffix } from '../../../src/fingerprint/match.ts';
import { answered, refused, trace } from '../fingerprint/helpers.ts';
import { CNAME_EXCEPTIONS, HEADER_EXCEPTIONS } from '../fingerprint/exceptions.ts';

const HOST = 'www.shop.test';

const ids = (fp: ReturnType<typeof fingerprint>) => [fp.cdn?.id ?? null, ...fp.layers.map((l) => l.id)];

describe('lab profiles', () => {
  it('exist for every CDN, WAF and platform provider, and the exception lists name only real profiles', () => {
    const edge = PROVIDERS.filter((p) => p.kinds.some((k) => EDGE_KINDS.has(k))).map((p) => p.id).sort();
    assert.deepEqual(Object.keys(PROFILES).sort(), edge);
    for (const id of [...Object.keys(CNAME_EXCEPTIONS), ...Object.keys(HEADER_EXCEPTIONS)]) assert.ok(PROFILES[id], id);
  });

  it('give nameservers that name their DNS host', () => {
    for (const [id, nameservers] of Object.entries(NAMESERVERS)) {
      const fp = fingerprint({ host: HOST, dns: trace([HOST], { nameservers }), probes: [] });
      assert.equal(fp.dns?.id, id, id);
      assert.equal(fp.dns?.nameservers.length, nameservers.length, id);
    }
  });

  it('give a different edge name per slot where the provider numbers them', () => {
    assert.deepEqual(PROFILES.akamai?.cnameChain('www.paytm.com', 1234), ['www.paytm.com.edgekey.net', 'e1234.a.akamaiedge.net']);
    assert.notDeepEqual(PROFILES.akamai?.cnameChain(HOST, 1), PROFILES.akamai?.cnameChain(HOST, 2));
  });
});

for (const [id, profile] of Object.entries(PROFILES)) {
  describe(`${id} profile`, () => {
    const chain = [HOST, ...profile.cnameChain(HOST, 7)];
    const cnameExpect = CNAME_EXCEPTIONS[id]?.expect ?? [id];
    const headerExpect = HEADER_EXCEPTIONS[id]?.expect ?? [id];

    it(`is named ${cnameExpect.join(' + ')} from its CNAME chain with HTTP dead`, () => {
      assert.deepEqual(ids(fingerprint({ host: HOST, dns: trace(chain), probes: [refused()] })), cnameExpect);
    });

    it(`is named ${cnameExpect.join(' + ')} from its CNAME chain behind a generic server: nginx`, () => {
      assert.deepEqual(ids(fingerprint({ host: HOST, dns: trace(chain), probes: [answered({ server: 'nginx' })] })), cnameExpect);
    });

    it('owns every name of its chain after the host', () => {
      for (const name of chain.slice(1)) assert.ok(lookupSuffix('cname', name), name);
    });

    it(`is named ${headerExpect.join(' + ')} from its healthy headers alone`, () => {
      assert.deepEqual(ids(fingerprint({ host: HOST, dns: trace([HOST]), probes: [answered(profile.healthy.headers)] })), headerExpect);
    });

    it('has an edge error page that is not classified as an origin error', () => {
      assert.ok(profile.edgeError.status >= 500);
      const m = classifyError({ ...profile.edgeError, reason: null });
      const hasSignature = PROVIDERS.find((p) => p.id === id)?.errors.some((s) => s.kind === 'edge' && s.example.status >= 500) ?? false;
      if (hasSignature) assert.deepEqual([m?.provider, m?.kind], [id, 'edge']);
      else assert.notEqual(m?.kind, 'origin');
    });

    if (profile.originError) {
      const originError = profile.originError;
      it('has an origin error page classified as an origin error (of the edge that serves it)', () => {
        const m = classifyError({ ...originError, reason: null });
        assert.equal(m?.kind, 'origin');
        assert.ok(m?.provider === id || ids(fingerprint({ host: HOST, dns: trace([HOST]), probes: [answered(profile.healthy.headers)] })).includes(m?.provider ?? ''));
      });
    }
  });
}
