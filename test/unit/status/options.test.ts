// --status-feed and --no-status: what they accept, what they refuse (one line, exit 64), and that status feeds stay
// off unless commander said on — flags built by hand (in-process tests) can never reach a real status page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedUrl } from '../../../src/status/fetch.ts';
import { statusOptions } from '../../../src/status/options.ts';
import { UsageError } from '../../../src/usage.ts';

const known = (id: string) => ['akamai', 'cloudflare', 'fastly'].includes(id);

describe('statusOptions', () => {
  it('is off unless enabled is exactly true', () => {
    assert.equal(statusOptions(undefined, [], known).enabled, false);
    assert.equal(statusOptions(false, [], known).enabled, false);
    assert.equal(statusOptions(true, [], known).enabled, true);
  });
  it('takes provider=url overrides and a * template', () => {
    const o = statusOptions(true, ['akamai=http://127.0.0.1:8080/summary.json', '*=http://127.0.0.1:9/{provider}/feed'], known);
    assert.equal(feedUrl(o, 'akamai'), 'http://127.0.0.1:8080/summary.json');
    assert.equal(feedUrl(o, 'fastly'), 'http://127.0.0.1:9/fastly/feed');
    // `*` mirrors the known pages only: a provider without one in the table has none there either.
    assert.equal(feedUrl(o, 'limelight'), null);
  });
  it('without overrides, a provider’s feed is the table’s, and a provider with none has none', () => {
    const o = statusOptions(true, [], known);
    assert.equal(feedUrl(o, 'akamai'), 'https://www.akamaistatus.com/api/v2/summary.json');
    assert.equal(feedUrl(o, 'limelight'), null);
  });
  for (const [spec, why] of [
    ['akamai', /not provider=url/],
    ['nobody=http://127.0.0.1/', /unknown provider id "nobody"/],
    ['akamai=not a url', /is not a URL/],
    ['akamai=file:///etc/passwd', /not an http\(s\) URL/],
    ['akamai=http://user:secret@127.0.0.1/', /credentials/],
  ] as const) {
    it(`refuses --status-feed ${spec}`, () => {
      assert.throws(() => statusOptions(true, [spec], known), (e: unknown) => e instanceof UsageError && why.test(e.message) && !e.message.includes('secret'));
    });
  }
});
