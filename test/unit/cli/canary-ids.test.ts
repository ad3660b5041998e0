// Provider ids in --canary are matched in any case, and an unknown one names the close ones (issue 15 §4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKnownProvider, PROVIDER_IDS } from '../../../src/fingerprint/match.ts';
import { buildOptions, type RawFlags } from '../../../src/options.ts';

const FLAGS: RawFlags = {
  resolver: ['127.0.0.1:5353'], fallbackResolver: [], timeout: '3s', deadline: '10s', canary: [], builtinCanaries: true, control: [], builtinControls: true, concurrency: '64',
};
const known = { isProvider: isKnownProvider, providerIds: PROVIDER_IDS };
const canaries = (...specs: string[]): { provider: string; host: string }[] => buildOptions(['paytm.com'], { ...FLAGS, canary: specs }, { stdout: {}, env: {} }, known).canaries;

test('--canary Akamai=… and AZURE-FRONTDOOR=… name the lower-case ids the data and JSON use', () => {
  assert.deepEqual(canaries('Akamai=www.akamai.com', 'AZURE-FRONTDOOR=portal.azure.com'), [
    { provider: 'akamai', host: 'www.akamai.com' },
    { provider: 'azure-frontdoor', host: 'portal.azure.com' },
  ]);
});

test('an unknown id is one line naming the close ones, or the command that lists them all', () => {
  assert.throws(() => canaries('cloudflair=www.example.com'), /^UsageError: --canary: unknown provider id "cloudflair" \(did you mean cloudflare\?\); cdn-check providers lists them$/);
  assert.throws(() => canaries('foo=x.example'), /^UsageError: --canary: unknown provider id "foo"; cdn-check providers lists them$/);
});
