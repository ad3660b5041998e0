import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTarget } from '../../../src/target.ts';

const good: [input: string, host: string, url: string][] = [
  ['paytm.com', 'paytm.com', 'https://paytm.com/'],
  ['PayTM.com.', 'paytm.com', 'https://paytm.com/'],
  ['www.paytm.com', 'www.paytm.com', 'https://www.paytm.com/'],
  ['https://www.hotstar.com/in', 'www.hotstar.com', 'https://www.hotstar.com/in'],
  ['http://example.com:8080/health', 'example.com', 'http://example.com:8080/health'],
  ['https://example.com:443/a?b=c', 'example.com', 'https://example.com/a?b=c'],
  ['উদাহরণ.বাংলা', 'xn--d5b6ci4b4b3a.xn--54b7fta0cc', 'https://xn--d5b6ci4b4b3a.xn--54b7fta0cc/'],
  ['192.0.2.1', '192.0.2.1', 'https://192.0.2.1/'],
  ['[2001:db8::1]:8443', '2001:db8::1', 'https://[2001:db8::1]:8443/'],
  ['2001:db8::1', '2001:db8::1', 'https://[2001:db8::1]/'],
  ['  spaced.example.com  ', 'spaced.example.com', 'https://spaced.example.com/'],
  [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`, `https://${'a'.repeat(63)}.com/`],
];

const bad: [input: string, reason: RegExp][] = [
  ['', /empty/],
  ['paytm..com', /empty label/],
  ['.paytm.com', /empty label/],
  ['http://', /no host/],
  [`${'a'.repeat(64)}.com`, /64 characters.*limit is 63/],
  ['-bad-.com', /hyphen/],
  ['exa mple.com', /spaces/],
  ['a.com:70000', /70000 is not between 1 and 65535/],
  ['a.com:0', /not between 1 and 65535/],
  ['a.com:', /port.*empty/],
  [`${'abcdefghij.'.repeat(23)}com`, /limit is 253/],
  ['ftp://example.com', /unsupported scheme "ftp"/],
  ['https://user:pw@example.com/', /credentials/],
  ['0x7f.1', /not a dotted-quad/],
  ['exa$mple.com', /characters a host name cannot have/],
  ['https://2001:db8::1/', /brackets/],
  ['bad\u001b[31m.com', /control characters/],
];

for (const [input, host, url] of good) {
  test(`"${input.slice(0, 40)}" is a valid target for host ${host.slice(0, 40)}`, () => {
    const parsed = parseTarget(input);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.equal(parsed.target.host, host);
    assert.equal(parsed.target.url, url);
    assert.equal(parsed.target.input, input);
  });
}

for (const [input, reason] of bad) {
  test(`"${input.slice(0, 40)}" is rejected with a reason matching ${reason}`, () => {
    const parsed = parseTarget(input);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.reason, reason);
  });
}

test('an IDN keeps its Unicode form for display', () => {
  const parsed = parseTarget('উদাহরণ.বাংলা');
  assert.ok(parsed.ok);
  assert.equal(parsed.target.unicodeHost, 'উদাহরণ.বাংলা');
});

test('IP literals skip the DNS stage and plain names do not', () => {
  const ip = parseTarget('192.0.2.1');
  const name = parseTarget('example.com');
  assert.ok(ip.ok && name.ok);
  assert.equal(ip.target.isIp, true);
  assert.equal(name.target.isIp, false);
});

test('an http:// URL defaults to port 80 and an https:// one to 443', () => {
  const http = parseTarget('http://example.com/');
  const https = parseTarget('example.com');
  assert.ok(http.ok && https.ok);
  assert.equal(http.target.port, 80);
  assert.equal(https.target.port, 443);
});
