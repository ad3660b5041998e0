// Certificate facts from Node's PeerCertificate shape, including the odd and hostile ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateFacts, isoDate, parseSubjectAltNames } from '../../../src/probe/tls-facts.ts';

describe('parseSubjectAltNames', () => {
  it('drops the type prefixes of DNS names and IP addresses', () => {
    assert.deepEqual(parseSubjectAltNames('DNS:a.example, DNS:*.b.example, IP Address:127.0.0.1'), ['a.example', '*.b.example', '127.0.0.1']);
  });

  it('does not split on a comma inside a quoted name, and unquotes it', () => {
    assert.deepEqual(parseSubjectAltNames('DNS:"a,b.example", DNS:c.example'), ['a,b.example', 'c.example']);
  });

  it('returns nothing for a missing or empty list', () => {
    assert.deepEqual(parseSubjectAltNames(undefined), []);
    assert.deepEqual(parseSubjectAltNames(''), []);
  });

  it('keeps entries with an unknown prefix as they are', () => {
    assert.deepEqual(parseSubjectAltNames('weird:thing'), ['weird:thing']);
  });
});

describe('certificateFacts', () => {
  it('reads CN, issuer CN and validity as ISO dates', () => {
    const facts = certificateFacts({
      subject: { CN: 'www.example' },
      issuer: { CN: 'Example CA', O: 'Example' },
      subjectaltname: 'DNS:www.example',
      valid_from: 'Nov 29 02:32:00 2025 GMT',
      valid_to: 'Dec 29 02:32:00 2025 GMT',
    });
    assert.deepEqual(facts, {
      subject: 'www.example',
      subjectAltNames: ['www.example'],
      issuer: 'Example CA',
      validFrom: '2025-11-29T02:32:00.000Z',
      validTo: '2025-12-29T02:32:00.000Z',
    });
  });

  it('falls back to the issuer organisation when it has no CN, and takes the first of repeated CNs', () => {
    const facts = certificateFacts({ subject: { CN: ['first', 'second'] }, issuer: { O: 'Org Only' } });
    assert.equal(facts.subject, 'first');
    assert.equal(facts.issuer, 'Org Only');
  });

  it('gives nulls for a missing certificate rather than throwing', () => {
    assert.deepEqual(certificateFacts(undefined), { subject: null, subjectAltNames: [], issuer: null, validFrom: null, validTo: null });
  });

  it('gives null for a date it cannot parse', () => {
    assert.equal(isoDate('not a date'), null);
  });
});
