// The Action's last word: whether the step fails, from cdn-check's exit code and the JSON report's verdicts and
// the `fail-on` input. Prints one line saying why; exit 0 (pass) or 1 (fail). Used by action.yml only.
import { readFileSync } from 'node:fs';

/** Verdicts `fail-on` may name; `up` and `fingerprinted` never fail a step. */
const VERDICTS = ['site-outage', 'provider-outage', 'local-network', 'inconclusive', 'degraded'];
/** Exit codes that are not a verdict: the tool could not diagnose at all (usage, internal, I/O, interrupted). */
const NOT_A_VERDICT = new Set([64, 70, 74, 130]);

const [codeText = '', reportPath = '', failOnText = ''] = process.argv.slice(2);
const code = Number(codeText);

/** The verdict names in `text`, or the first unknown word. */
function parseFailOn(text) {
  const words = text.split(/[\s,]+/).map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (words.length === 0 || words.includes('none')) return { verdicts: [] };
  if (words.includes('any')) return { verdicts: VERDICTS };
  const unknown = words.find((w) => !VERDICTS.includes(w));
  return unknown === undefined ? { verdicts: words } : { unknown };
}

function finish(ok, line) {
  process.stdout.write(ok ? `cdn-check: ${line}\n` : `::error title=cdn-check::${line.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.exitCode = ok ? 0 : 1;
}

const failOn = parseFailOn(failOnText);
if (failOn.unknown !== undefined) {
  finish(false, `fail-on: unknown verdict "${failOn.unknown.slice(0, 40)}" (known: ${VERDICTS.join(', ')}, any, none)`);
} else if (!Number.isInteger(code) || NOT_A_VERDICT.has(code)) {
  finish(false, `cdn-check could not diagnose (exit ${codeText}); see its message above`);
} else {
  let targets = [];
  try {
    targets = JSON.parse(readFileSync(reportPath, 'utf8')).targets ?? [];
  } catch (error) {
    finish(false, `cannot read the report ${reportPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (process.exitCode === undefined) {
    const failing = targets.filter((t) => failOn.verdicts.includes(t.verdict?.status));
    const list = (ts) => ts.map((t) => `${t.host} ${t.verdict?.status}`).join(', ');
    if (failing.length > 0) finish(false, `${list(failing)} (fail-on: ${failOn.verdicts.join(', ')})`);
    else finish(true, `no verdict in fail-on (${failOn.verdicts.join(', ') || 'none'}): ${list(targets) || 'no targets'}`);
  }
}
