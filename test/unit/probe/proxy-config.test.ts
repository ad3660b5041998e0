// Proxy configuration as curl reads it: proxy URLs, NO_PROXY / --noproxy rules and which variable wins,
// each rule with a case that matches and one that does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bypassesProxy, parseNoProxy, parseProxyUrl, proxyFor, proxySettings, redactProxyUrl } from '../../../src/probe/proxy-config.ts';
import { judgeConnectResponse, connectRequest } from '../../../src/probe/tunnel.ts';

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('parseProxyUrl', () => {
  const good: [input: string, host: string, port: number, label: string, authorization: string | null][] = [
    ['http://127.0.0.1:3128', '127.0.0.1', 3128, '127.0.0.1:3128', null],
    ['http://127.0.0.1:3128/', '127.0.0.1', 3128, '127.0.0.1:3128', null],
    ['HTTP://Proxy.Corp.Example:8080', 'proxy.corp.example', 8080, 'proxy.corp.example:8080', null],
    ['127.0.0.1:3128', '127.0.0.1', 3128, '127.0.0.1:3128', null],
    ['proxy.example', 'proxy.example', 1080, 'proxy.example:1080', null],
    ['http://proxy.example', 'proxy.example', 1080, 'proxy.example:1080', null],
    ['http://[::1]:3128', '::1', 3128, '[::1]:3128', null],
    ['[::1]', '::1', 1080, '[::1]:1080', null],
    ['http://alice:s3cret@127.0.0.1:3128', '127.0.0.1', 3128, '127.0.0.1:3128', basic('alice:s3cret')],
    ['alice:p%40ss%3Aw@proxy:3128', 'proxy', 3128, 'proxy:3128', basic('alice:p@ss:w')],
    ['http://alice@proxy:3128', 'proxy', 3128, 'proxy:3128', basic('alice:')],
    ['http://a:b@c@proxy:3128', 'proxy', 3128, 'proxy:3128', basic('a:b@c')],
  ];
  for (const [input, host, port, label, authorization] of good) {
    it(`reads ${input}`, () => {
      const parsed = parseProxyUrl(input);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      assert.deepEqual(parsed.proxy, { host, port, label, authorization });
    });
  }

  const bad: [input: string, reason: RegExp][] = [
    ['https://127.0.0.1:3128', /https:\/\/ proxies are not supported/],
    ['socks5://127.0.0.1:1080', /socks5:\/\/ proxies are not supported/],
    ['socks5h://user:pw@127.0.0.1:1080', /socks5h:\/\/ proxies are not supported/],
    ['socks4://127.0.0.1', /socks4:\/\//],
    ['ftp://127.0.0.1:21', /unknown proxy scheme "ftp"/],
    ['http://', /no proxy host/],
    ['http://:3128', /no proxy host/],
    ['http://127.0.0.1:0', /port/],
    ['http://127.0.0.1:65536', /port/],
    ['http://127.0.0.1:31x', /port/],
    ['http://127.0.0.1:3128/path', /no path/],
    ['http://bad host:3128', /not a host name/],
    ['http://::1:3128', /no proxy host|not a host/],
    ['http://a:%zz@proxy:3128', /percent-encoding/],
  ];
  for (const [input, reason] of bad) {
    it(`refuses ${input}`, () => {
      const parsed = parseProxyUrl(input);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }

  it('never puts the password in what it returns, except the encoded header', () => {
    const parsed = parseProxyUrl('http://alice:hunter2@proxy:3128');
    assert.ok(parsed.ok);
    const { authorization, ...printable } = parsed.proxy;
    assert.doesNotMatch(JSON.stringify(printable), /hunter2|alice/);
    assert.equal(authorization, basic('alice:hunter2'));
  });
});

describe('redactProxyUrl', () => {
  const cases: [string, string][] = [
    ['http://alice:hunter2@proxy:3128', 'http://alice:***@proxy:3128'],
    ['alice:hunter2@proxy:3128', 'alice:***@proxy:3128'],
    ['socks5://u:p@w@h:1', 'socks5://u:***@h:1'],
    ['http://proxy:3128', 'http://proxy:3128'],
  ];
  for (const [input, expected] of cases) it(`masks ${expected}`, () => assert.equal(redactProxyUrl(input), expected));
});

describe('NO_PROXY rules (bypassesProxy over parseNoProxy)', () => {
  // [list, host, port, bypasses]
  const cases: [string, string, number, boolean][] = [
    ['*', 'anything.example', 443, true],
    ['example.com, *', 'anything.example', 443, true],
    ['', 'example.com', 443, false],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'www.example.com', 443, true],
    ['example.com', 'notexample.com', 443, false],
    ['example.com', 'example.com.evil.net', 443, false],
    ['.example.com', 'www.example.com', 443, true],
    ['.example.com', 'example.com', 443, true],
    ['*.example.com', 'a.b.example.com', 443, true],
    ['EXAMPLE.com', 'Www.Example.COM', 443, true],
    ['example.com.', 'www.example.com', 443, true],
    ['example.com', 'www.example.com.', 443, true],
    ['a.example,b.example', 'b.example', 443, true],
    ['a.example b.example', 'b.example', 443, true],
    ['a.example,,b.example', 'c.example', 443, false],
    ['example.com:443', 'example.com', 443, true],
    ['example.com:8443', 'example.com', 443, false],
    ['example.com:notaport', 'example.com', 443, false],
    ['127.0.0.1', '127.0.0.1', 443, true],
    ['127.0.0.1', '127.0.0.2', 443, false],
    ['127.0.0.1', 'localhost', 443, false],
    ['127.0.0.1:443', '127.0.0.1', 443, true],
    ['127.0.0.1:80', '127.0.0.1', 443, false],
    ['10.0.0.0/8', '10.20.30.40', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['::1', '::1', 443, true],
    ['::1', '0:0:0:0:0:0:0:1', 443, true],
    ['[::1]', '::1', 443, true],
    ['[::1]:443', '::1', 443, true],
    ['[::1]:80', '::1', 443, false],
    ['fd00::/8', 'fd12::1', 443, true],
    ['fd00::/8', 'fe80::1', 443, false],
    ['1.2.3.4', '1.2.3.4.example', 443, false],
    ['localhost', 'localhost', 443, true],
    ['not a/valid entry!', 'example.com', 443, false],
  ];
  for (const [list, host, port, expected] of cases) {
    it(`${JSON.stringify(list)} ${expected ? 'bypasses' : 'does not bypass'} ${host}:${port}`, () => {
      assert.equal(bypassesProxy(host, port, parseNoProxy(list)), expected);
    });
  }
});

describe('proxySettings: which variable wins, as curl', () => {
  const tunnel = 'http://127.0.0.1:3128';
  const other = 'http://127.0.0.2:3128';
  const httpsLabel = (env: Record<string, string>, flag: string | null = null): string | null => {
    const result = proxySettings(env, flag);
    assert.ok(result.ok, result.ok ? '' : result.message);
    return proxyFor(result.settings, 'https', 'www.example.com', 443)?.label ?? null;
  };
  const httpLabel = (env: Record<string, string>): string | null => {
    const result = proxySettings(env, null);
    assert.ok(result.ok);
    return proxyFor(result.settings, 'http', 'www.example.com', 80)?.label ?? null;
  };

  it('no variables: direct', () => assert.equal(httpsLabel({}), null));
  it('HTTPS_PROXY proxies https targets', () => assert.equal(httpsLabel({ HTTPS_PROXY: tunnel }), '127.0.0.1:3128'));
  it('https_proxy wins over HTTPS_PROXY', () => assert.equal(httpsLabel({ https_proxy: tunnel, HTTPS_PROXY: other }), '127.0.0.1:3128'));
  it('an empty https_proxy counts as unset', () => assert.equal(httpsLabel({ https_proxy: '', HTTPS_PROXY: tunnel }), '127.0.0.1:3128'));
  it('ALL_PROXY is the fallback for https', () => assert.equal(httpsLabel({ ALL_PROXY: other }), '127.0.0.2:3128'));
  it('HTTPS_PROXY wins over ALL_PROXY', () => assert.equal(httpsLabel({ ALL_PROXY: other, HTTPS_PROXY: tunnel }), '127.0.0.1:3128'));
  it('http_proxy does not proxy https targets', () => assert.equal(httpsLabel({ http_proxy: tunnel }), null));
  it('http_proxy proxies http targets', () => assert.equal(httpLabel({ http_proxy: tunnel }), '127.0.0.1:3128'));
  it('upper-case HTTP_PROXY is ignored (httpoxy), as curl ignores it', () => assert.equal(httpLabel({ HTTP_PROXY: tunnel }), null));
  it('HTTPS_PROXY does not proxy http targets', () => assert.equal(httpLabel({ HTTPS_PROXY: tunnel }), null));
  it('NO_PROXY bypasses', () => assert.equal(httpsLabel({ HTTPS_PROXY: tunnel, NO_PROXY: 'example.com' }), null));
  it('no_proxy wins over NO_PROXY', () => assert.equal(httpsLabel({ HTTPS_PROXY: tunnel, no_proxy: 'other.org', NO_PROXY: 'example.com' }), '127.0.0.1:3128'));
  it('--noproxy replaces NO_PROXY', () => assert.equal(httpsLabel({ HTTPS_PROXY: tunnel, NO_PROXY: '*' }, 'other.org'), '127.0.0.1:3128'));
  it('--noproxy "" replaces NO_PROXY with nothing', () => assert.equal(httpsLabel({ HTTPS_PROXY: tunnel, NO_PROXY: 'example.com' }, ''), '127.0.0.1:3128'));
  it('--noproxy bypasses', () => assert.equal(httpsLabel({ HTTPS_PROXY: tunnel }, 'www.example.com'), null));

  it('an unsupported proxy is an error naming the variable, password masked', () => {
    const result = proxySettings({ HTTPS_PROXY: 'socks5://bob:hunter2@127.0.0.1:1080' }, null);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(result.message, /^HTTPS_PROXY "socks5:\/\/bob:\*\*\*@127\.0\.0\.1:1080": socks5:\/\/ proxies are not supported/);
      assert.doesNotMatch(result.message, /hunter2/);
    }
  });
  it('a malformed http_proxy is an error too', () => assert.equal(proxySettings({ http_proxy: 'http://:0' }, null).ok, false));
  it('but not when every host bypasses the proxy', () => assert.equal(proxySettings({ HTTPS_PROXY: 'socks5://127.0.0.1' }, '*').ok, true));
});

describe('judgeConnectResponse', () => {
  const judge = (head: string, creds = false) => judgeConnectResponse(head, '127.0.0.1:3128', '127.64.0.1:443', creds);
  const cases: [head: string, status: number | null, code: string | null, message?: RegExp][] = [
    ['HTTP/1.1 200 Connection established', 200, null],
    ['HTTP/1.0 200 OK\r\nProxy-Agent: x', 200, null],
    ['HTTP/1.1 204', 204, null],
    ['HTTP/1.1 204\r\n', 204, null],
    ['HTTP/1.1 200 OK\r\n', 200, null],
    ['HTTP/1.1 403 Forbidden', 403, 'PROXY_REFUSED', /403 Forbidden for CONNECT 127\.64\.0\.1:443/],
    ['HTTP/1.1 407 Proxy Authentication Required', 407, 'PROXY_REFUSED', /requires credentials/],
    ['HTTP/1.1 502 Bad Gateway', 502, 'PROXY_REFUSED', /could not reach the edge/],
    ['HTTP/1.1 301 Moved', 301, 'PROXY_REFUSED'],
    ['SSH-2.0-OpenSSH', null, 'PROXY_MALFORMED', /SSH-2\.0-OpenSSH/],
    ['HTTP/2 200', null, 'PROXY_MALFORMED'],
    ['HTTP/1.1 20 OK', null, 'PROXY_MALFORMED'],
    ['\x1b]0;pwned\x07HTTP/1.1 200 OK', null, 'PROXY_MALFORMED'],
  ];
  for (const [head, status, code, message] of cases) {
    it(`${JSON.stringify(head.split('\r\n')[0])} → ${code ?? 'tunnel'}`, () => {
      const judged = judge(head);
      assert.equal(judged.status, status);
      assert.equal(judged.error?.code ?? null, code);
      if (message) assert.match(judged.error?.message ?? '', message);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(judged.error?.message ?? '', /[\u0000-\u001f\u007f]/);
    });
  }
  it('a 407 after sending credentials says they were rejected', () => {
    assert.match(judge('HTTP/1.1 407 Proxy Authentication Required', true).error?.message ?? '', /rejected the credentials/);
  });
  it('CONNECT names the address with Host, and Proxy-Authorization only with credentials', () => {
    const proxy = { host: '127.0.0.1', port: 3128, label: '127.0.0.1:3128', authorization: null };
    assert.equal(connectRequest('[::1]:443', proxy, 'cdn-check/1').split('\r\n').slice(0, 2).join('|'), 'CONNECT [::1]:443 HTTP/1.1|Host: [::1]:443');
    assert.doesNotMatch(connectRequest('[::1]:443', proxy, 'ua'), /Proxy-Authorization/);
    assert.match(connectRequest('[::1]:443', { ...proxy, authorization: 'Basic eDp5' }, 'ua'), /\r\nProxy-Authorization: Basic eDp5\r\n/);
  });
});
