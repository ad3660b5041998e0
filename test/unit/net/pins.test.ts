// --resolve specs as curl writes them: accepted forms normalised, malformed ones refused with the reason; the
// last pin for a host and port wins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePin, pinFor } from '../../../src/pins.ts';

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
  for (const [spec, reason] of refused) {
    it(`refuses ${spec}`, () => {
      const parsed = parsePin(spec);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }
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
