// The machine's own network, as decide() sees it: a resolver that cannot even be reached (no route, a local
// firewall) is named with the socket's code; the target's name never needs to leave for anyone else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Observation } from '../../../src/types.ts';
import { LOCAL_SOCKET_FAULTS } from '../../../src/verdict/codes.ts';
import { decide, type DecideInput } from '../../../src/verdict/decide.ts';
import { NO_FINGERPRINT, canaries, controls, outcome } from './fixtures.ts';

const HOST = 'www.site.test';

function silentDns(errno: string | null, resolver = '10.0.0.2:53'): Observation {
  return {
    health: 'down',
    layer: 'dns',
    code: 'NETWORK',
    owner: 'site',
    ownerRole: 'site',
    piece: 'dns-host',
    detail: `DNS NETWORK at ${HOST}`,
    notes: [],
    failedResolver: resolver,
    noAnswer: true,
    errno,
  };
}

function input(observation: Observation, over: Partial<DecideInput> = {}): DecideInput {
  return { host: HOST, observation, fingerprint: NO_FINGERPRINT, canaries: [], controls: controls(4, 4, 'dns', 'NETWORK'), peers: [], resolverMode: 'system', strict: false, ...over };
}

describe('a resolver this machine cannot reach', () => {
  for (const [errno, words] of Object.entries(LOCAL_SOCKET_FAULTS)) {
    it(`${errno} is the local network, exit 3, naming the resolver and the code ("${words} …")`, () => {
      const v = decide(input(silentDns(errno)));
      assert.equal(v.status, 'local-network');
      assert.equal(v.exitCode, 3);
      assert.ok(v.summary.startsWith(`${words} your resolver 10.0.0.2:53 (${errno})`), v.summary);
      assert.match(v.summary, /4\/4 controls down too/);
    });
  }

  it('says "the resolver you named" for --resolver, and needs no control to decide', () => {
    const v = decide(input(silentDns('ENETUNREACH', '192.0.2.53:53'), { resolverMode: 'explicit', controls: [] }));
    assert.equal(v.status, 'local-network');
    assert.match(v.summary, /^No route to the resolver you named 192\.0\.2\.53:53 \(ENETUNREACH\) — check your network connection$/);
  });

  it('is decided even when a canary on another path answers: no packet reached the resolver', () => {
    const v = decide(input(silentDns('EPERM'), { canaries: canaries('akamai', 2, 0) }));
    assert.equal(v.status, 'local-network');
    assert.match(v.summary, /^A firewall on this machine blocks your resolver/);
  });

  it('a socket code that the far side sends (a reset) is not read as a local fault', () => {
    const v = decide(input(silentDns('ECONNRESET'), { controls: controls(4) }));
    assert.notEqual(v.summary.slice(0, 8), 'No route');
    assert.doesNotMatch(v.summary, /ECONNRESET\)/);
  });

  it('a fallback resolver that answered turns it into "your resolver is failing", naming what it was asked', () => {
    const v = decide(input(silentDns(null), { fallback: [outcome('192.0.2.9:53', ['127.0.0.9'])], fallbackName: 'www.google.com' }));
    assert.equal(v.status, 'local-network');
    assert.match(v.summary, /^Your resolver 10\.0\.0\.2 is failing \(NETWORK for www\.site\.test\); 192\.0\.2\.9 answers \(asked about www\.google\.com\)/);
    assert.ok(v.reasons.includes('fallback resolver 192.0.2.9:53 resolved www.google.com (1 address)'), v.reasons.join('\n'));
  });
});

describe('a resolver that answers every name with the same address', () => {
  const tlsDown: Observation = { ...silentDns(null), layer: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID', noAnswer: false, piece: 'certificate', detail: 'TLS certificate invalid' };
  const alike = (hosts: string[], address = '192.0.2.1') => hosts.map((host) => ({ ...controls(1, 1, 'tls', 'ERR_TLS_CERT_ALTNAME_INVALID')[0]!, host, addresses: [address] }));

  it('is a captive portal or DNS interception: local-network, exit 3, never the site\'s certificate', () => {
    const v = decide(input(tlsDown, { addresses: ['192.0.2.1'], controls: alike(['a.test', 'b.test', 'c.test']) }));
    assert.equal(v.status, 'local-network');
    assert.equal(v.exitCode, 3);
    assert.match(v.summary, /^Your resolver answers every name with the same address \(192\.0\.2\.1; 4\/4 names asked\): a captive portal or DNS interception/);
    assert.ok(v.reasons.includes('control b.test resolved to 192.0.2.1 too'));
  });

  it('needs two controls resolving alike: one could share a host with the site by chance', () => {
    const v = decide(input(tlsDown, { addresses: ['192.0.2.1'], controls: [...alike(['a.test']), ...controls(2)] }));
    assert.notEqual(v.status, 'local-network');
  });

  it('one control resolving elsewhere means the resolver tells names apart: the certificate is the site\'s', () => {
    const v = decide(input(tlsDown, { addresses: ['192.0.2.1'], controls: [...alike(['a.test', 'b.test']), ...alike(['c.test'], '198.51.100.7')] }));
    assert.notEqual(v.summary.slice(0, 20), 'Your resolver answer');
  });
});

