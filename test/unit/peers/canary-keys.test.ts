// Which providers' canaries a failure needs: the owner of the failing piece, and no one else's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canaryKeys } from '../../../src/run/peers.ts';
import type { Observation, Role } from '../../../src/types.ts';
import { fingerprint } from '../verdict/fixtures.ts';

const down = (o: Partial<Observation>): Observation => ({ health: 'down', layer: 'http', code: 'HTTP_503', owner: null, ownerRole: null, piece: null, detail: '', notes: [], ...o });
const fp = fingerprint({ cdn: 'akamai', dns: 'route53' });

const cases: [name: string, observation: Observation, keys: [string, Role][]][] = [
  ['an edge DNS failure in the CDN zone needs only the CDN canaries', down({ layer: 'dns', owner: 'akamai', ownerRole: 'cdn', piece: 'edge-dns' }), [['akamai', 'cdn']]],
  ['a failure in the DNS host’s piece needs its DNS canaries', down({ layer: 'dns', owner: 'route53', ownerRole: 'dns', piece: 'edge-dns' }), [['route53', 'dns']]],
  ['a failure in the site’s own zone needs its DNS host’s canaries', down({ layer: 'dns', owner: 'site', ownerRole: 'site', piece: 'dns-host' }), [['route53', 'dns']]],
  ['a name gone from the site’s own zone needs its DNS host’s canaries (do they fail alike?)', down({ layer: 'dns', owner: 'site', ownerRole: 'site', piece: 'zone' }), [['route53', 'dns']]],
  ['an origin error or a certificate fault needs the CDN canaries (do they serve others fine?)', down({ layer: 'tls', owner: 'site', ownerRole: 'site', piece: 'certificate' }), [['akamai', 'cdn']]],
  ['an unclassified 5xx needs the CDN canaries', down({ piece: 'response' }), [['akamai', 'cdn']]],
  ['an unknown piece needs every provider the site depends on', down({ owner: null }), [['akamai', 'cdn'], ['route53', 'dns']]],
];

for (const [name, observation, keys] of cases) {
  test(name, () => assert.deepEqual(canaryKeys(fp, observation), keys));
}

test('a site with no known provider needs no canaries', () => {
  assert.deepEqual(canaryKeys(fingerprint(), down({ owner: null })), []);
});

test('the site’s own servers with no CDN in front need no canaries', () => {
  assert.deepEqual(canaryKeys(fingerprint({ dns: 'route53' }), down({ layer: 'tcp', piece: 'servers' })), []);
});
