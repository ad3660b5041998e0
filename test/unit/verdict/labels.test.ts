import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STATUS_LABEL, clauses, countPhrase, namesFrom, plural, titleCase } from '../../../src/verdict/labels.ts';
import { fingerprint } from './fixtures.ts';

describe('labels', () => {
  it('labels every status in upper case', () => {
    assert.equal(STATUS_LABEL['provider-outage'], 'PROVIDER OUTAGE');
    for (const label of Object.values(STATUS_LABEL)) assert.equal(label, label.toUpperCase());
  });
  it('title-cases ids as a last resort', () => {
    assert.equal(titleCase('azure-frontdoor'), 'Azure Frontdoor');
    assert.equal(titleCase('ns1'), 'Ns1');
  });
  it('names providers from the fingerprint first, by role', () => {
    const names = namesFrom(fingerprint({ cdn: 'akamai', dns: 'akamai' }));
    assert.equal(names('akamai', 'cdn'), 'Akamai');
    assert.equal(names('akamai', 'dns'), 'Akamai Edge DNS');
  });
  it('falls back to the injected namer, then to the title-cased id', () => {
    assert.equal(namesFrom(fingerprint(), () => 'Injected')('fastly'), 'Injected');
    assert.equal(namesFrom(null)('google-cloud-cdn'), 'Google Cloud Cdn');
  });
  it('says k/n when all agree and "k of n" when only part do', () => {
    assert.equal(countPhrase(3, 3, 'Akamai canaries', 'down'), '3/3 Akamai canaries down');
    assert.equal(countPhrase(1, 3, 'Akamai canaries', 'down'), '1 of 3 Akamai canaries down');
  });
  it('pluralises and joins clauses, skipping empty ones', () => {
    assert.equal(plural(1, 'canary', 'canaries'), 'canary');
    assert.equal(plural(2, 'target'), 'targets');
    assert.equal(clauses('a', null, '', false, 'b'), 'a; b');
  });
});
