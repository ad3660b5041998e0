// Which providers' canaries a failure needs: the owner of the failing piece, and no one else's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canaryKeys } from '../../../src/peers.ts';
import type { Observation } from '../../../src/types.ts';
import { fingerprint } from '../verdict/fixtures.ts';

const down = (o: Partial<Observation>): Observation => ({ health: 'down', layer: 'http', code: 'HTTP_503', owner: null, ownerRole: null, detail: '', notes: [], ...o });
const fp = fingerprint({ cdn: 'akamai', dns: 'route53' });

const cases: [name: string, observation: Observation, keys: [string, 'cdn' | 'dns'][]][] = [
  ['an edge DNS failure in the CDN zone needs only the CDN canaries', down({ layer: 'dns', owner: 'akamai', ownerRole: 'cdn' }), [['akamai', 'cdn']]],
  ['a failure blamed on the DNS host needs its DNS canaries', down({ layer: 'dns', owner: 'route53', ownerRole: 'dns' }), [['route53', 'dns']]],
  ['a failure in the site’s own zone needs its DNS host’s canaries', down({ layer: 'dns', owner: 'site', ownerRole: 'site' }), [['route53', 'dns']]],
  ['an origin error or a certificate fault needs the CDN canaries (do they serve others fine?)', down({ layer: 'tls', owner: 'site', ownerRole: 'site' }), [['akamai', 'cdn']]],
  ['an unknown owner needs every provider the site depends on', down({ owner: null }), [['akamai', 'cdn'], ['route53', 'dns']]],
];

for (const [name, observation, keys] of cases) {
  test(name, () => assert.deepEqual(canaryKeys(fp, observation), keys));
}

test('a site with no known provider needs no canaries', () => {
  assert.deepEqual(canaryKeys(fingerprint(), down({ owner: null })), []);
});
