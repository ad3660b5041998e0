import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import type { Observation, Role } from '../../../src/types.ts';
import {
  BUILTIN_CANARIES,
  BUILTIN_CONTROLS,
  CANARIES_CHECKED,
  DEFAULT_CONTROLS,
  canariesFor,
  believedProvider,
  canaryResult,
  controlResult,
  controlsFor,
  isConfirmed,
} from '../../../src/verdict/canaries.ts';
import { fingerprint } from './fixtures.ts';

const REQUIRED: [string, Role][] = [
  ['akamai', 'cdn'],
  ['cloudflare', 'cdn'],
  ['fastly', 'cdn'],
  ['cloudfront', 'cdn'],
  ['azure-frontdoor', 'cdn'],
  ['google-cloud-cdn', 'cdn'],
  ['akamai', 'dns'],
  ['cloudflare', 'dns'],
  ['route53', 'dns'],
  ['ns1', 'dns'],
  ['ultradns', 'dns'],
];

describe('built-in canaries and controls', () => {
  for (const [provider, role] of REQUIRED) {
    it(`has at least 3 ${provider} canaries in the ${role} role`, () => {
      assert.ok(canariesFor(provider, role, { builtin: true, extra: [] }).length >= 3);
    });
  }
  it('records when the list was last checked, as a date', () => {
    assert.match(CANARIES_CHECKED, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!Number.isNaN(Date.parse(CANARIES_CHECKED)));
  });
  it('holds only lower-case host names, never addresses', () => {
    const hosts = [...BUILTIN_CANARIES.flatMap((c) => c.hosts), ...BUILTIN_CONTROLS.map((c) => c.host)];
    for (const host of hosts) {
      assert.equal(isIP(host), 0, host);
      assert.match(host, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, host);
    }
  });
  it('spreads the controls over at least five providers', () => {
    assert.ok(new Set(BUILTIN_CONTROLS.map((c) => c.provider)).size >= 5);
  });
});

describe('canariesFor', () => {
  it('puts user canaries first and de-duplicates case-insensitively', () => {
    const hosts = canariesFor('fastly', 'cdn', { builtin: true, extra: [{ provider: 'fastly', host: 'Mine.Test.' }, { provider: 'fastly', host: 'www.fastly.com' }] });
    assert.equal(hosts[0], 'mine.test');
    assert.equal(hosts.filter((h) => h === 'www.fastly.com').length, 1);
  });
  it('ignores user canaries for other providers', () => {
    assert.deepEqual(canariesFor('fastly', 'cdn', { builtin: false, extra: [{ provider: 'akamai', host: 'a.test' }] }), []);
  });
  it('uses only user canaries without the built-in list', () => {
    assert.deepEqual(canariesFor('akamai', 'cdn', { builtin: false, extra: [{ provider: 'akamai', host: 'a.test' }] }), ['a.test']);
  });
  it('never uses a target as its own canary', () => {
    assert.ok(!canariesFor('akamai', 'cdn', { builtin: true, extra: [], exclude: ['WWW.AKAMAI.COM'] }).includes('www.akamai.com'));
  });
  it('has no canaries for an unknown provider', () => {
    assert.deepEqual(canariesFor('nobody', 'cdn', { builtin: true, extra: [] }), []);
  });
});

describe('controlsFor', () => {
  it('avoids the target’s own providers', () => {
    const hosts = controlsFor({ builtin: true, extra: [], avoid: ['google', 'wikimedia', null], max: 20 });
    assert.ok(!hosts.includes('www.google.com'));
    assert.ok(!hosts.includes('en.wikipedia.org'));
    assert.ok(hosts.includes('github.com'));
  });
  it('gives DEFAULT_CONTROLS by default', () => {
    assert.equal(controlsFor({ builtin: true, extra: [], avoid: [] }).length, DEFAULT_CONTROLS);
  });
  it('keeps every user control, even past the maximum, and fills up with built-in ones', () => {
    assert.deepEqual(controlsFor({ builtin: true, extra: ['a.test', 'b.test'], avoid: [], max: 1 }), ['a.test', 'b.test']);
    assert.deepEqual(controlsFor({ builtin: true, extra: ['a.test'], avoid: [], max: 2 }), ['a.test', 'www.google.com']);
  });
  it('uses only user controls without the built-in list', () => {
    assert.deepEqual(controlsFor({ builtin: false, extra: ['a.test'], avoid: [] }), ['a.test']);
  });
  it('never uses a target as a control', () => {
    assert.ok(!controlsFor({ builtin: true, extra: [], avoid: [], exclude: ['www.google.com'] }).includes('www.google.com'));
  });
});

describe('isConfirmed', () => {
  const table: [string, Role, ReturnType<typeof fingerprint>, boolean][] = [
    ['akamai', 'cdn', fingerprint({ cdn: 'akamai' }), true],
    ['akamai', 'cdn', fingerprint({ cdn: 'cloudflare', layers: ['akamai'] }), true],
    ['akamai', 'cdn', fingerprint({ cdn: 'cloudflare', dns: 'akamai' }), false],
    ['akamai', 'dns', fingerprint({ dns: 'akamai' }), true],
    ['akamai', 'dns', fingerprint({ cdn: 'akamai' }), false],
    ['route53', 'dns', fingerprint(), false],
  ];
  for (const [provider, role, fp, expected] of table) {
    const seen = [fp.cdn && `cdn ${fp.cdn.id}`, ...fp.layers.map((l) => `layer ${l.id}`), fp.dns && `dns ${fp.dns.id}`].filter(Boolean).join(', ') || 'nothing';
    it(`${provider} as ${role} is ${expected ? '' : 'not '}confirmed by a fingerprint naming ${seen}`, () => {
      assert.equal(isConfirmed(provider, role, fp), expected);
    });
  }
});

describe('canaryResult and controlResult', () => {
  const down: Observation = { health: 'down', layer: 'dns', code: 'SERVFAIL', owner: 'akamai', ownerRole: 'cdn', piece: 'edge-dns', detail: '', notes: [] };
  const degraded: Observation = { ...down, health: 'degraded' };
  it('a down canary keeps its layer and code, and is confirmed by its own fingerprint', () => {
    assert.deepEqual(canaryResult('c.test', 'akamai', 'cdn', fingerprint({ cdn: 'akamai' }), down, 12), {
      host: 'c.test',
      provider: 'akamai',
      role: 'cdn',
      confirmed: true,
      status: 'down',
      layer: 'dns',
      code: 'SERVFAIL',
      ms: 12,
    });
  });
  it('a degraded canary counts as up', () => {
    const r = canaryResult('c.test', 'akamai', 'cdn', fingerprint(), degraded, 12);
    assert.equal(r.status, 'up');
    assert.equal(r.layer, null);
    assert.equal(r.confirmed, false);
  });
  it('a control names its serving CDN, else its DNS host, else nothing', () => {
    assert.equal(controlResult('x.test', fingerprint({ cdn: 'fastly', dns: 'route53' }), down, 1).provider, 'fastly');
    assert.equal(controlResult('x.test', fingerprint({ dns: 'route53' }), down, 1).provider, 'route53');
    assert.equal(controlResult('x.test', fingerprint(), down, 1).provider, null);
  });
  it('a canary the deadline cut short while down is unconfirmed with code DEADLINE: it proves nothing', () => {
    const r = canaryResult('c.test', 'akamai', 'cdn', fingerprint({ cdn: 'akamai' }), down, 12, true);
    assert.deepEqual([r.status, r.confirmed, r.code], ['down', false, 'DEADLINE']);
  });
  it('a canary that answered before the deadline stays confirmed and up', () => {
    const up: Observation = { ...down, health: 'up', layer: null, code: null, owner: null, ownerRole: null, piece: null };
    const r = canaryResult('c.test', 'akamai', 'cdn', fingerprint({ cdn: 'akamai' }), up, 12, true);
    assert.deepEqual([r.status, r.confirmed, r.code], ['up', true, null]);
  });
  it('a control with no fingerprint takes the provider it is believed to use, when one is given', () => {
    assert.equal(controlResult('www.akamai.com', fingerprint(), down, 1, believedProvider('www.akamai.com')).provider, 'akamai');
    assert.equal(believedProvider('user-named.test'), null);
    assert.equal(controlResult('x.test', fingerprint({ cdn: 'fastly' }), down, 1, 'akamai').provider, 'fastly');
  });
});
