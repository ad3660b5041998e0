// Table tests generated from the provider data: every rule gets a positive and a negative one-line case.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROVIDERS } from '../../../src/fingerprint/providers.ts';
import { EDGE_KINDS, fingerprint, lookupSuffix, providerOfAddress, suffixConflicts } from '../../../src/fingerprint/match.ts';
import { classifyError, signatureMatches } from '../../../src/fingerprint/error-pages.ts';
import { popCode, readPop } from '../../../src/fingerprint/pop.ts';
import { parseCidr } from '../../../src/fingerprint/ip-ranges.ts';
import type { HeaderMap } from '../../../src/types.ts';
import { answered, trace } from './helpers.ts';

const CONTRACT_IDS = [
  'akamai', 'cloudflare', 'fastly', 'cloudfront', 'azure-frontdoor', 'azure-cdn', 'google-cloud-cdn', 'edgio', 'stackpath', 'cdn77',
  'bunny', 'keycdn', 'imperva', 'sucuri', 'alibaba-cdn', 'tencent-cdn', 'wangsu', 'vercel', 'netlify', 'github-pages', 'gcore',
  'cachefly', 'jsdelivr', 'medianova', 'route53', 'ns1', 'ultradns', 'dyn', 'azure-dns', 'google-cloud-dns', 'dnsimple', 'godaddy-dns',
];

const headersOnly = (headers: HeaderMap) => fingerprint({ host: 'www.shop.test', dns: trace(['www.shop.test']), probes: [answered(headers)] });

describe('provider data', () => {
  it('has unique, lower-case kebab ids including every id in the CLI contract', () => {
    const ids = PROVIDERS.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    for (const id of CONTRACT_IDS) assert.ok(ids.includes(id), `missing contract id ${id}`);
  });

  it('covers at least 30 CDN/edge providers and 10 DNS hosts', () => {
    assert.ok(PROVIDERS.filter((p) => p.kinds.some((k) => EDGE_KINDS.has(k))).length >= 30);
    assert.ok(PROVIDERS.filter((p) => p.ns.length > 0).length >= 10);
  });

  it('gives no suffix to two providers (edgesuite.net is Akamai only)', () => {
    assert.deepEqual(suffixConflicts(), []);
    assert.equal(lookupSuffix('cname', 'www.example.com.edgesuite.net')?.id, 'akamai');
  });

  it('names a source for every provider and a date and source for every IP snapshot', () => {
    for (const p of PROVIDERS) {
      assert.ok(p.sources.length > 0, p.id);
      if (p.ipRanges) assert.ok(p.ipRanges.date && p.ipRanges.source, p.id);
    }
  });

  it('links servedBy and sameEdgeAs to known providers', () => {
    const ids = new Set(PROVIDERS.map((p) => p.id));
    for (const p of PROVIDERS) for (const other of [p.servedBy, p.sameEdgeAs]) if (other) assert.ok(ids.has(other), `${p.id} → ${other}`);
  });
});

for (const p of PROVIDERS) {
  describe(`${p.id} rules`, () => {
    for (const suffix of p.cname) {
      it(`CNAME x.${suffix} is ${p.id}`, () => assert.deepEqual(lookupSuffix('cname', `x.${suffix}`), { id: p.id, suffix }));
      it(`CNAME ${suffix}.example.com and not${suffix} do not match ${suffix}`, () => {
        assert.equal(lookupSuffix('cname', `${suffix}.example.com`), null);
        assert.notEqual(lookupSuffix('cname', `not${suffix}`)?.suffix, suffix);
      });
    }
    for (const suffix of p.steering ?? []) {
      it(`steering name x.${suffix} is ${p.id} steering evidence, never the CDN`, () => {
        assert.deepEqual(lookupSuffix('steering', `x.${suffix}`), { id: p.id, suffix });
        const fp = fingerprint({ host: 'www.shop.test', dns: trace(['www.shop.test', `x.${suffix}`]), probes: [] });
        assert.deepEqual([fp.cdn, fp.steering?.map((m) => m.id), fp.steering?.[0]?.evidence], [null, [p.id], [{ source: 'steering', value: `x.${suffix}`, match: suffix }]]);
      });
      it(`steering ${suffix}.example.com and not${suffix} do not match ${suffix}`, () => {
        assert.equal(lookupSuffix('steering', `${suffix}.example.com`), null);
        assert.notEqual(lookupSuffix('steering', `not${suffix}`)?.suffix, suffix);
      });
    }
    for (const suffix of p.ns) {
      it(`NS ns1.${suffix} is ${p.id}`, () => assert.deepEqual(lookupSuffix('ns', `ns1.${suffix}`), { id: p.id, suffix }));
      it(`NS ${suffix}.example.com and not${suffix} do not match ${suffix}`, () => {
        assert.equal(lookupSuffix('ns', `${suffix}.example.com`), null);
        assert.notEqual(lookupSuffix('ns', `not${suffix}`)?.suffix, suffix);
      });
    }
    for (const suffix of p.ptr) {
      it(`PTR a23-1-2-3.deploy.static.${suffix} is ${p.id}`, () => assert.deepEqual(lookupSuffix('ptr', `a23-1-2-3.deploy.static.${suffix}`), { id: p.id, suffix }));
      it(`PTR ${suffix}.example.com is not ${p.id}`, () => assert.equal(lookupSuffix('ptr', `${suffix}.example.com`), null));
    }
    for (const rule of p.headers) {
      const shown = rule.value ? `${rule.name} ~ ${rule.value.source}` : `${rule.name} present`;
      if (rule.value) {
        it(`header ${shown} matches "${rule.example}" and not "${rule.counter ?? 'nginx'}"`, () => {
          assert.ok(rule.value?.test(rule.example));
          assert.ok(!rule.value?.test(rule.counter ?? 'nginx'));
        });
      }
      if (rule.strength === 'weak') {
        it(`weak header ${shown} alone names no provider`, () => assert.equal(headersOnly({ [rule.name]: rule.example }).cdn, null));
      } else {
        it(`header ${shown} names ${p.id}`, () => assert.equal(headersOnly({ [rule.name]: rule.example }).cdn?.id, p.id));
        it(`header ${shown} does not name ${p.id} when ${rule.value ? 'the value differs' : 'absent'}`, () => {
          const fp = headersOnly(rule.value ? { [rule.name]: rule.counter ?? 'nginx' } : { 'x-unrelated': rule.example });
          assert.notEqual(fp.cdn?.id, p.id);
        });
      }
    }
    for (const signature of p.errors) {
      it(`error page "${signature.signature}" is ${signature.kind} from ${p.id}`, () => {
        assert.ok(signatureMatches(signature, signature.example));
        assert.deepEqual(classifyError(signature.example), { provider: p.id, kind: signature.kind, signature: signature.signature });
      });
      it(`error page "${signature.signature}" does not match a plain nginx ${signature.example.status}`, () => {
        const plain = { status: signature.example.status, headers: { server: 'nginx' }, body: '<html><body><h1>Service Unavailable</h1></body></html>' };
        assert.ok(!signatureMatches(signature, plain));
      });
    }
    for (const rule of p.pop ?? []) {
      it(`POP ${rule.header}: ${rule.example.value} is ${rule.example.code}`, () => {
        assert.equal(popCode(rule, rule.example.value), rule.example.code);
        const headers: HeaderMap = { [rule.header]: rule.example.value };
        if (rule.requires) headers[rule.requires.name] = p.headers.find((h) => h.name === rule.requires?.name)?.example ?? '';
        assert.deepEqual([readPop(headers)?.code, readPop(headers)?.provider], [rule.example.code, p.id]);
      });
      it(`POP ${rule.header}: nginx gives no code`, () => assert.equal(popCode(rule, 'nginx'), null));
    }
    for (const suffix of p.tls?.sans ?? []) {
      it(`TLS SAN sni.${suffix} is ${p.id}, ${suffix}.example.com is not`, () => {
        assert.deepEqual(lookupSuffix('san', `sni.${suffix}`), { id: p.id, suffix });
        assert.equal(lookupSuffix('san', `${suffix}.example.com`), null);
      });
    }
    for (const { pattern, example } of p.tls?.issuers ?? []) {
      it(`TLS issuer ${pattern.source} matches "${example}" and not "R3"`, () => {
        assert.ok(pattern.test(example));
        assert.ok(!pattern.test('R3'));
      });
    }
    for (const text of p.ipRanges?.cidrs ?? []) {
      it(`IP range ${text} parses and its network address is ${p.id}`, () => {
        const cidr = parseCidr(text);
        assert.ok(cidr);
        assert.equal(providerOfAddress(text.split('/')[0] as string)?.id, p.id);
      });
    }
  });
}

describe('IP ranges', () => {
  it('place loopback and documentation addresses with no provider', () => {
    for (const a of ['127.0.0.1', '192.0.2.1', '::1', '2001:db8::1', 'not-an-ip', '999.1.1.1']) assert.equal(providerOfAddress(a), null, a);
  });

  it('respect prefix boundaries', () => {
    assert.equal(providerOfAddress('151.101.255.255')?.id, 'fastly');
    assert.equal(providerOfAddress('151.102.0.0'), null);
    assert.deepEqual(providerOfAddress('2606:4700:10::6816:1'), { id: 'cloudflare', cidr: '2606:4700::/32' });
    assert.equal(providerOfAddress('2606:4701::1'), null);
  });

  it('rejects malformed CIDRs', () => {
    for (const c of ['1.2.3.4', '1.2.3.4/33', '1.2.3/8', '::/129', 'a::b::c/64', '1.2.3.4/8/9']) assert.equal(parseCidr(c), null, c);
  });
});
