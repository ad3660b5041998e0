// The `cdn-check lab --list` table: one line per scenario (pure).
import type { Scenario } from './scenario.ts';
import { DEFAULT_SCENARIO } from './scenarios/index.ts';

/** `cdn-check lab audit`: the audit's lab (src/audit/lab-command.ts), listed with the scenarios. */
export const AUDIT_LAB_NAME = 'audit';

export function renderScenarioList(scenarios: readonly Scenario[]): string {
  const nameWidth = Math.max(...scenarios.map((s) => s.name.length));
  const providerWidth = Math.max(...scenarios.map((s) => (s.provider ?? '-').length));
  const lines = scenarios.map((s) => `  ${s.name.padEnd(nameWidth)}  ${(s.date ?? 'synthetic ').padEnd(10)}  ${(s.provider ?? '-').padEnd(providerWidth)}  ${s.title}${fromNote(s)}`);
  const audit = `  ${AUDIT_LAB_NAME.padEnd(nameWidth)}  ${'synthetic '.padEnd(10)}  ${'-'.padEnd(providerWidth)}  cdn-check audit on sites with one or two DNS providers, dead and lame NS, one CDN or two, OCSP stapling or none, a page loading from three CDNs`;
  return `Lab scenarios (run one with: cdn-check lab <scenario> [target…]; default ${DEFAULT_SCENARIO}):\n\n${lines.join('\n')}\n${audit}\n`;
}

/** [vantage] Scenarios with remote probes say how to run them with the lab's Globalping. */
function fromNote(s: Scenario): string {
  return s.fromExpected ? ` [--from ${s.fromExpected.from}]` : '';
}
