// Reading the POP from headers: stacking order, node lists, unknown codes, generic header names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readPop } from '../../../src/fingerprint/pop.ts';

describe('readPop', () => {
  it('reports an unknown airport code with city null', () => {
    assert.deepEqual(readPop({ 'cf-ray': '8a1b2c3d4e5f6a7b-ZZZ' }), { code: 'ZZZ', city: null, provider: 'cloudflare', source: 'cf-ray: 8a1b2c3d4e5f6a7b-ZZZ' });
  });

  it('takes the last node of a shielded Fastly x-served-by', () => {
    assert.deepEqual([readPop({ 'x-served-by': 'cache-iad-kiad7000001-IAD, cache-bom4750-BOM' })?.code, readPop({ 'x-served-by': 'cache-iad-kiad7000001-IAD, cache-bom4750-BOM' })?.city], ['BOM', 'Mumbai']);
  });

  it('reads the outermost provider first when CDNs are stacked', () => {
    assert.equal(readPop({ 'x-amz-cf-pop': 'FRA56-P5', 'cf-ray': '8a1b2c3d4e5f6a7b-LHR' })?.provider, 'cloudflare');
  });

  it('maps a Vercel region and a CDN77 city to airport codes', () => {
    assert.deepEqual(readPop({ 'x-vercel-id': 'sin1::iad1::abc' })?.city, 'Singapore');
    assert.deepEqual(readPop({ 'x-77-pop': 'losangelesUSCA' })?.code, 'LAX');
    assert.deepEqual(readPop({ 'x-77-pop': 'atlantisXX' }), { code: 'ATLANTIS', city: null, provider: 'cdn77', source: 'x-77-pop: atlantisXX' });
  });

  it('reads a generic x-edge-location only beside the KeyCDN server header', () => {
    assert.equal(readPop({ 'x-edge-location': 'defr' }), null);
    assert.equal(readPop({ 'x-edge-location': 'defr', server: 'keycdn-engine' })?.code, 'DEFR');
  });

  it('returns null when no header names a POP (Akamai never does)', () => {
    assert.equal(readPop({ server: 'AkamaiGHost', 'x-akamai-transformed': '9 - 0' }), null);
    assert.equal(readPop({}), null);
  });

  it('skips a malformed value and tries the next repeated header', () => {
    assert.equal(readPop({ 'x-amz-cf-pop': ['garbage', 'SIN52-P1'] })?.code, 'SIN');
  });
});
