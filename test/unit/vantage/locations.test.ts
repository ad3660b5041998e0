import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocations, testsPerTarget } from '../../../src/vantage/locations.ts';
import { vantageOptions } from '../../../src/vantage/options.ts';

describe('--from locations, as the Globalping CLI reads them', () => {
  const accepted: [string, string[]][] = [
    ['IN', ['IN']],
    ['IN,US,DE', ['IN', 'US', 'DE']],
    [' Mumbai , AS9498 ', ['Mumbai', 'AS9498']],
    ['eu+de', ['eu+de']],
    ['Berlin + Germany', ['Berlin+Germany']],
    ['world', ['world']],
    ['Western Europe,US-NY,aws-us-east-1', ['Western Europe', 'US-NY', 'aws-us-east-1']],
    ['São Paulo', ['São Paulo']],
    ['IN,IN', ['IN']],
  ];
  for (const [input, locations] of accepted) {
    test(`"${input}" is ${JSON.stringify(locations)}`, () => assert.deepEqual(parseLocations(input), { ok: true, locations }));
  }
  const refused: [string, RegExp][] = [
    ['', /empty location/],
    ['IN,,US', /empty location/],
    ['a+b+c+d+e', /more than 4 conditions/],
    ['IN+', /empty condition/],
    ['x'.repeat(129), /longer than 128/],
    ['IN;rm -rf', /not a location/],
    ['\u001b[31mred', /not a location/],
    [Array.from({ length: 129 }, (_, i) => `AS${i}`).join(','), /more than 128 locations/],
  ];
  for (const [input, reason] of refused) {
    test(`"${JSON.stringify(input).slice(0, 40)}" is refused (${reason.source})`, () => {
      const parsed = parseLocations(input);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }
  test('a target costs one DNS and one HTTP measurement, each probe one test', () => {
    assert.equal(testsPerTarget(3, 3), 18);
    assert.equal(testsPerTarget(1, 1), 2);
  });
});

describe('--from, --probes, --max-tests and the environment', () => {
  const run = (over: Partial<{ targets: number; targetsFile: boolean; env: Record<string, string | undefined> }> = {}) => ({ targets: 1, targetsFile: false, env: {}, ...over });
  test('without --from there is no remote part, and --probes alone is a usage error', () => {
    assert.equal(vantageOptions({}, run()), null);
    assert.throws(() => vantageOptions({ probes: '3' }, run()), /--probes needs --from/);
    assert.throws(() => vantageOptions({ maxTests: '3' }, run()), /--max-tests needs --from/);
  });
  test('defaults: 3 probes a location, the public API, the anonymous cap', () => {
    assert.deepEqual(vantageOptions({ from: 'IN' }, run()), { locations: ['IN'], probes: 3, maxTests: 100, token: null, apiUrl: 'https://api.globalping.io' });
  });
  test('more than 50 probes per measurement needs a token', () => {
    assert.throws(() => vantageOptions({ from: 'IN,US', probes: '30' }, run()), /60 probes per measurement; Globalping allows 50 without GLOBALPING_TOKEN/);
    const withToken = vantageOptions({ from: 'IN,US', probes: '30', maxTests: '400' }, run({ env: { GLOBALPING_TOKEN: 's3cret-token' } }));
    assert.equal(withToken?.probes, 30);
  });
  test('a run that would spend more tests than the cap is refused before anything is sent, naming the cost', () => {
    // 6 targets × 2 measurements × 3 locations × 3 probes = 108 > 100
    assert.throws(() => vantageOptions({ from: 'IN,US,DE' }, run({ targets: 6 })), /spend 108 Globalping tests .* more than the cap of 100/);
    assert.ok(vantageOptions({ from: 'IN,US,DE', maxTests: '108' }, run({ targets: 6 })));
  });
  test('a targets file with --from needs an explicit cap', () => {
    assert.throws(() => vantageOptions({ from: 'IN' }, run({ targets: 0, targetsFile: true })), /--targets-file needs --max-tests/);
    assert.equal(vantageOptions({ from: 'IN', maxTests: '50' }, run({ targets: 0, targetsFile: true }))?.maxTests, 50);
  });
  test('GLOBALPING_API_URL must be a plain http(s) root; the token never appears in an error', () => {
    const env = { GLOBALPING_TOKEN: 'tok-XYZ-987' };
    assert.equal(vantageOptions({ from: 'IN' }, run({ env: { ...env, GLOBALPING_API_URL: 'http://127.0.0.1:8080/' } }))?.apiUrl, 'http://127.0.0.1:8080');
    for (const bad of ['ftp://x', 'not a url', 'https://user:pw@host/', 'https://host/?q=1']) {
      assert.throws(() => vantageOptions({ from: 'IN' }, run({ env: { ...env, GLOBALPING_API_URL: bad } })), (e: Error) => /GLOBALPING_API_URL/.test(e.message) && !e.message.includes('tok-XYZ-987'));
    }
    assert.throws(() => vantageOptions({ from: 'IN', probes: '0' }, run({ env })), (e: Error) => !e.message.includes('tok-XYZ-987'));
  });
});
