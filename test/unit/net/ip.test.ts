import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import { ipFamily } from '../../../src/ip.ts';

const SAMPLES = [
  '127.0.0.1', '0.0.0.0', '255.255.255.255', '256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4.',
  '::1', '::', '2001:db8::1', 'fe80::1%eth0', '::ffff:192.0.2.1', '2001:db8:::1', '[::1]', ':', '1:2:3:4:5:6:7:8:9',
  'www.akamai.com', 'paytm.com', 'localhost', '', 'xn--bcher-kva.example', 'a:b', '127.0.0.1:53',
];

describe('ipFamily', () => {
  it('answers exactly as net.isIP for literals, near-literals and names', () => {
    for (const text of SAMPLES) assert.equal(ipFamily(text), isIP(text), text);
  });

  it('names 4 for IPv4, 6 for IPv6 (zone IDs included) and 0 for a host name', () => {
    assert.equal(ipFamily('192.0.2.1'), 4);
    assert.equal(ipFamily('fe80::1%eth0'), 6);
    assert.equal(ipFamily('www.akamai.com'), 0);
  });
});
