// Edge vs origin classification of HTTP error responses, beyond the per-signature tables in rules.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError } from '../../../src/fingerprint/match.ts';

const kindOf = (status: number | null, headers: Record<string, string>, body = '', reason: string | null = null) => {
  const m = classifyError({ status, headers, body, reason });
  return m ? `${m.provider}/${m.kind}` : null;
};

describe('classifyError', () => {
  it('ignores responses that are not errors, or have no status', () => {
    assert.equal(kindOf(200, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM' }, 'Reference #18.1.2.3'), null);
    assert.equal(kindOf(302, { 'x-cache': 'Error from cloudfront' }), null);
    assert.equal(kindOf(null, { 'x-vercel-error': 'FUNCTION_INVOCATION_FAILED' }), null);
  });

  it('says nothing about a plain origin error without a provider signature', () => {
    assert.equal(kindOf(503, { server: 'nginx' }, '<h1>503 Service Temporarily Unavailable</h1>'), null);
    assert.equal(kindOf(503, { via: '1.1 varnish' }, 'Guru Meditation: XID: 1'), null); // any Varnish, not necessarily Fastly
  });

  it('tells Cloudflare origin errors (520-526, 530) from Cloudflare edge errors', () => {
    for (const status of [520, 521, 522, 523, 524, 525, 526, 530]) assert.equal(kindOf(status, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM' }), 'cloudflare/origin', String(status));
    assert.equal(kindOf(500, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM' }, '<div id="cf-error-details">Internal server error Error code 500</div>'), 'cloudflare/edge');
    assert.equal(kindOf(530, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM', 'cf-error-type': '1016' }), 'cloudflare/origin');
    assert.equal(kindOf(500, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM', 'cf-error-type': '1101' }), 'cloudflare/origin');
    assert.equal(kindOf(502, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM' }, '{"error":"upstream"}'), 'cloudflare/origin'); // forwarded, no cf-error-type
  });

  it('reads a Fastly origin failure from the reason phrase alone (HTTP/1.1, empty body)', () => {
    assert.equal(kindOf(503, { 'x-served-by': 'cache-bom4750-BOM' }, '', 'backend read error'), 'fastly/origin');
    assert.equal(kindOf(503, { 'x-served-by': 'cache-bom4750-BOM' }, '<h1>Error 503 Service Unavailable</h1><h3>Guru Meditation:</h3>'), 'fastly/edge');
  });

  it('tells a CloudFront page from an error CloudFront forwarded', () => {
    assert.equal(kindOf(504, { 'x-cache': 'Error from cloudfront' }, '<H2>The request could not be satisfied.</H2>'), 'cloudfront/origin');
    assert.equal(kindOf(503, { 'x-cache': 'Error from cloudfront' }, '<H2>The request could not be satisfied.</H2>'), 'cloudfront/edge');
    assert.equal(kindOf(500, { 'x-cache': 'Error from cloudfront' }, 'app crashed'), 'cloudfront/origin');
  });

  it('reads Vercel platform errors as edge and application errors as origin', () => {
    assert.equal(kindOf(502, { 'x-vercel-error': 'INTERNAL_FUNCTION_INVOCATION_FAILED' }), 'vercel/edge');
    assert.equal(kindOf(504, { 'x-vercel-error': 'FUNCTION_INVOCATION_TIMEOUT' }), 'vercel/origin');
  });

  it('prefers the outermost provider\'s own page over an inference from a passed-through header', () => {
    // Cloudflare in front of CloudFront: the Cloudflare template names the page, not CloudFront's x-cache.
    assert.equal(kindOf(502, { 'cf-ray': '8a1b2c3d4e5f6a7b-BOM', 'x-cache': 'Error from cloudfront' }, '<div id="cf-wrapper">Bad gateway</div>'), 'cloudflare/edge');
  });

  it('stays fast on a hostile 16 KiB body', () => {
    const body = 'Reference #'.repeat(2000) + 'x'.repeat(16 * 1024);
    const started = performance.now();
    for (let i = 0; i < 50; i++) classifyError({ status: 503, headers: { 'x-served-by': 'cache-a-BOM' }, body, reason: null });
    assert.ok(performance.now() - started < 1000);
  });
});
