import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusLabel } from '../../../src/render/labels.ts';
import type { Status } from '../../../src/types.ts';
import { clauses, countPhrase, namesFrom, plural, titleCase } from '../../../src/verdict/labels.ts';
import { fingerprint } from './fixtures.ts';

describe('labels', () => {
  it('labels every status in upper case', () => {
    // One source of status labels: the renderer's exhaustive statusLabel.
    assert.equal(statusLabel('provider-outage'), 'PROVIDER OUTAGE');
    const all: Status[] = ['up', 'degraded', 'site-outage', 'provider-outage', 'local-network', 'inconclusive'];
    for (const label of all.map(statusLabel)) assert.equal(label, label.toUpperCase());
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
