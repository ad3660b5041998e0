// The `cdn-check lab --list` table: one line per scenario (pure).
import type { Scenario } from './scenario.ts';
import { DEFAULT_SCENARIO } from './scenarios/index.ts';

export function renderScenarioList(scenarios: readonly Scenario[]): string {
  const nameWidth = Math.max(...scenarios.map((s) => s.name.length));
  const providerWidth = Math.max(...scenarios.map((s) => (s.provider ?? '-').length));
  const lines = scenarios.map((s) => `  ${s.name.padEnd(nameWidth)}  ${(s.date ?? 'synthetic ').padEnd(10)}  ${(s.provider ?? '-').padEnd(providerWidth)}  ${s.title}${fromNote(s)}`);
  return `Lab scenarios (run one with: cdn-check lab <scenario> [target…]; default ${DEFAULT_SCENARIO}):\n\n${lines.join('\n')}\n`;
}

/** [vantage] Scenarios with remote probes say how to run them with the lab's Globalping. */
function fromNote(s: Scenario): string {
  return s.fromExpected ? ` [--from ${s.fromExpected.from}]` : '';
}
