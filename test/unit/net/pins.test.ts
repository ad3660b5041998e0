// --resolve specs as curl writes them: accepted forms normalised, malformed ones refused with the reason; the
// last pin for a host and port wins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectFor, parseConnectTo, parsePin, pinFor } from '../../../src/pins.ts';

/** One test per malformed spec: the parser refuses it with a reason matching the pattern. */
function itRefuses(parse: (spec: string) => { ok: true } | { ok: false; reason: string }, cases: [spec: string, reason: RegExp][]): void {
  for (const [spec, reason] of cases) {
    it(`refuses ${spec}`, () => {
      const parsed = parse(spec);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }
}

describe('parsePin', () => {
  const accepted: [spec: string, host: string, port: number, addresses: string[]][] = [
    ['paytm.com:443:203.0.113.7', 'paytm.com', 443, ['203.0.113.7']],
    ['PayTM.com.:8443:203.0.113.7,203.0.113.8', 'paytm.com', 8443, ['203.0.113.7', '203.0.113.8']],
    ['paytm.com:443:[2001:DB8::7]', 'paytm.com', 443, ['2001:db8::7']],
    ['paytm.com:443:203.0.113.7,[2001:db8::7],203.0.113.7', 'paytm.com', 443, ['203.0.113.7', '2001:db8::7']],
  ];
  for (const [spec, host, port, addresses] of accepted) {
    it(`accepts ${spec}`, () => {
      assert.deepEqual(parsePin(spec), { ok: true, pin: { host, port, addresses, spec } });
    });
  }

  const refused: [spec: string, reason: RegExp][] = [
    ['paytm.com', /expected host:port:address/],
    ['paytm.com:443', /expected host:port:address/],
    ['paytm.com:443:', /expected host:port:address/],
    ['paytm.com:http:203.0.113.7', /port "http"/],
    ['paytm.com:0:203.0.113.7', /port "0"/],
    ['paytm.com:443:example.net', /"example\.net" is not an IP address/],
    ['paytm.com:443:2001:db8::7', /must be in brackets/],
    ['paytm.com:443:[fe80::1%eth0]', /not an IP address/],
    ['203.0.113.9:443:203.0.113.7', /is an IP address: there is no DNS to skip/],
    ['*:443:203.0.113.7', /wildcard/],
    ['+paytm.com:443:203.0.113.7', /the \+ forms/],
    ['-paytm.com:443', /the - forms/],
  ];
  itRefuses(parsePin, refused);
});

describe('pinFor', () => {
  const pin = (spec: string) => {
    const parsed = parsePin(spec);
    assert.ok(parsed.ok);
    return parsed.pin;
  };
  const pins = [pin('a.example:443:203.0.113.1'), pin('a.example:8443:203.0.113.2'), pin('a.example:443:203.0.113.3')];

  it('matches host and port, the last pin given winning', () => {
    assert.deepEqual(pinFor(pins, 'a.example', 443)?.addresses, ['203.0.113.3']);
    assert.deepEqual(pinFor(pins, 'a.example', 8443)?.addresses, ['203.0.113.2']);
  });

  it('leaves other ports and other hosts to DNS', () => {
    assert.equal(pinFor(pins, 'a.example', 80), null);
    assert.equal(pinFor(pins, 'b.example', 443), null);
  });
});

describe('parseConnectTo and connectFor', () => {
  const rule = (spec: string) => {
    const parsed = parseConnectTo(spec);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    return parsed.rule;
  };

  it('reads the four fields, each of which may be empty, IPv6 in brackets', () => {
    assert.deepEqual(rule('PayTM.com:443:Edge.Example.net:8443'), { host: 'paytm.com', port: 443, toHost: 'edge.example.net', toPort: 8443, spec: 'PayTM.com:443:Edge.Example.net:8443' });
    assert.deepEqual(rule('::[2001:db8::7]:'), { host: null, port: null, toHost: '2001:db8::7', toPort: null, spec: '::[2001:db8::7]:' });
    assert.deepEqual(rule('paytm.com:443:203.0.113.7:'), { host: 'paytm.com', port: 443, toHost: '203.0.113.7', toPort: null, spec: 'paytm.com:443:203.0.113.7:' });
  });

  const refused: [spec: string, reason: RegExp][] = [
    ['paytm.com:443:edge.example.net', /expected host:port:connect-host:connect-port/],
    ['paytm.com:443:2001:db8::7:443', /expected host:port:connect-host:connect-port/],
    ['paytm.com:https:edge.example.net:443', /port "https"/],
    ['paytm.com:443:edge.example.net:0', /connect port "0"/],
    ['paytm.com:443:bad..name:443', /connect host "bad\.\.name"/],
  ];
  itRefuses(parseConnectTo, refused);

  it('sends a matching host and port elsewhere, the first matching rule winning, and leaves the rest alone', () => {
    const rules = [rule('a.example:443:edge.example:8443'), rule(':443:other.example:'), rule('a.example::never.example:1')];
    assert.deepEqual(connectFor(rules, 'a.example', 443), { host: 'edge.example', port: 8443, rule: rules[0] });
    assert.deepEqual(connectFor(rules, 'b.example', 443), { host: 'other.example', port: 443, rule: rules[1] });
    assert.deepEqual(connectFor(rules, 'a.example', 80), { host: 'never.example', port: 1, rule: rules[2] });
    assert.deepEqual(connectFor(rules, 'b.example', 80), { host: 'b.example', port: 80, rule: null });
  });
});
