// Issue 15 §8: --format github | junit | prometheus. Goldens for every fixed report, plus the checks the consumers
// make: promtool (Debian's prometheus package) parses and lints the exposition, xmllint parses the JUnit XML,
// GitHub's command escaping keeps every report on one command per target.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderers } from '../../../src/render/index.ts';
import { escapeData, escapeProperty, githubOutputs, githubSummary } from '../../../src/render/github.ts';
import { makePalette } from '../../../src/render/palette.ts';
import { FIXTURES, akamai2021, cloudflare522, healthyCloudflare, hostile, localNetwork } from '../../fixtures/reports.ts';
import { assertGolden } from '../../golden/golden.ts';

const ctx = { palette: makePalette(false), verbose: false };
const FORMATS = [
  ['github', 'github.txt'],
  ['junit', 'junit.xml'],
  ['prometheus', 'prom'],
] as const;

/** A tool the validation needs: present here (.ci/run installs it); a missing one fails under CI rather than skipping. */
function tool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found && process.env.CI) assert.fail(`${name} is not installed (apt-get install prometheus libxml2-utils)`);
  return found;
}

describe('machine formats: goldens', () => {
  for (const [name, report] of Object.entries(FIXTURES)) {
    for (const [format, suffix] of FORMATS) {
      it(`renders ${name} as ${format} like its golden file`, () => {
        assertGolden(`render/formats/${name}.${suffix}`, renderers[format](report, ctx));
      });
    }
  }
});

describe('prometheus', () => {
  it('passes `promtool check metrics` (parse and lint) for every fixed report', { skip: !tool('promtool') && 'promtool not installed' }, () => {
    for (const [name, report] of Object.entries(FIXTURES)) {
      const result = spawnSync('promtool', ['check', 'metrics'], { input: renderers.prometheus(report, ctx), encoding: 'utf8' });
      assert.equal(result.status, 0, `${name}: ${result.stdout}${result.stderr}`);
    }
  });

  it('names probe metrics as blackbox_exporter does and adds the verdict and providers', () => {
    const out = renderers.prometheus(healthyCloudflare, ctx);
    assert.match(out, /^probe_success\{target="www\.example\.com"\} 1$/m);
    assert.match(out, /^probe_http_duration_seconds\{target="www\.example\.com",phase="connect"\} 0\.021$/m);
    assert.match(out, /^cdn_check_verdict\{target="www\.example\.com",status="up"\} 1$/m);
    assert.match(out, /^cdn_check_verdict\{target="www\.example\.com",status="site-outage"\} 0$/m);
    assert.match(out, /^cdn_check_provider_info\{target="www\.example\.com",role="cdn",provider="cloudflare",name="Cloudflare"\} 1$/m);
    assert.match(renderers.prometheus(akamai2021, ctx), /^probe_success\{target="paytm\.com"\} 0$/m);
  });

  it('escapes label values, so hostile names cannot add samples or labels', () => {
    const out = renderers.prometheus(hostile, ctx);
    for (const line of out.trimEnd().split('\n')) assert.match(line, /^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? -?[\d.]+|NaN)$/, line);
  });
});

describe('junit', () => {
  it('is well-formed XML for every fixed report (xmllint)', { skip: !tool('xmllint') && 'xmllint not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    try {
      for (const [name, report] of Object.entries(FIXTURES)) {
        const file = join(dir, `${name}.xml`);
        writeFileSync(file, renderers.junit(report, ctx));
        execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has one test case per target, a failure for a site or provider outage, skipped when it cannot be judged', () => {
    const outage = renderers.junit(akamai2021, ctx);
    assert.equal(outage.match(/<testcase /g)?.length, akamai2021.targets.length);
    assert.equal(outage.match(/<failure /g)?.length, 3);
    assert.match(outage, /<testsuite name="cdn-check" tests="3" failures="3" errors="0" skipped="0"/);
    assert.match(renderers.junit(cloudflare522, ctx), /<failure message="SITE OUTAGE: [^"]*" type="site-outage">/);
    assert.match(renderers.junit(localNetwork, ctx), /<skipped message="LOCAL NETWORK: /);
    assert.doesNotMatch(renderers.junit(healthyCloudflare, ctx), /<failure|<skipped/);
  });
});

describe('github', () => {
  it('escapes workflow command data and properties per GitHub’s rules', () => {
    assert.equal(escapeData('50% a\r\nb'), '50%25 a%0D%0Ab');
    assert.equal(escapeProperty('a: b, c%'), 'a%3A b%2C c%25');
  });

  it('writes one command line per target: an error for an outage, a notice when up; nothing hostile starts a line', () => {
    const out = renderers.github(akamai2021, ctx);
    assert.equal(out.match(/^::error title=cdn-check%3A paytm\.com PROVIDER OUTAGE \(exit 2\)::/gm)?.length, 1);
    assert.match(renderers.github(healthyCloudflare, ctx), /^::notice title=/m);
    const lines = renderers.github(hostile, ctx).trimEnd().split('\n');
    assert.equal(lines.length, hostile.targets.length + 1);
    for (const line of lines.slice(0, -1)) assert.match(line, /^::(error|warning|notice) title=[^:]*::/);
  });

  it('summarises as a Markdown table and outputs exit-code and verdicts', () => {
    assert.match(githubSummary(akamai2021), /\| paytm\.com \| PROVIDER OUTAGE \| 2 \| akamai \| /);
    assert.equal(githubOutputs(akamai2021), 'exit-code=2\nverdicts={"paytm.com":"provider-outage","www.zomato.com":"provider-outage","www.hotstar.com":"provider-outage"}\n');
  });
});
