// "Did you mean": the words offered for a typo in a command, a lab scenario or a provider id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeWords, didYouMean } from '../../../src/suggest.ts';

const COMMANDS = ['lab', 'audit', 'watch', 'providers', 'version', 'help'];
const SCENARIOS = ['akamai-2021', 'akamai-dns-2021', 'cloudflare-2025', 'healthy', 'expired-cert'];

test('close words, closest first', () => {
  const cases: [typed: string, known: string[], expected: string[]][] = [
    ['labs', COMMANDS, ['lab']],
    ['halp', COMMANDS, ['help']],
    ['prvoiders', COMMANDS, ['providers']],
    ['Provider', COMMANDS, ['providers']],
    ['wath', COMMANDS, ['watch']],
    ['versoin', COMMANDS, ['version']],
    ['akamai', SCENARIOS, ['akamai-2021', 'akamai-dns-2021']],
    ['expired', SCENARIOS, ['expired-cert']],
    ['helthy', SCENARIOS, ['healthy']],
    ['akami', ['akamai', 'fastly', 'azure-cdn'], ['akamai']],
  ];
  for (const [typed, known, expected] of cases) assert.deepEqual(closeWords(typed, known), expected, typed);
});

test('nothing is offered for words far from every known one, or for an exact match', () => {
  for (const typed of ['paytm', 'localhost', 'intranet', 'x', '', 'lab']) assert.deepEqual(closeWords(typed, COMMANDS), [], typed);
  assert.equal(didYouMean('zzz', COMMANDS), '');
  assert.equal(didYouMean('labs', COMMANDS), ' (did you mean lab?)');
});
