// Recorded scenarios: recordings (--record) dropped into the package's recordings/ folder are lab scenarios
// by their file name (`cdn-check lab <name>`, listed by --list, each an end-to-end test), and any recording
// file can be stood up with `cdn-check lab --from-recording <file>`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRecording } from '../record/recording.ts';
import { scenarioFromRecording } from './from-recording.ts';
import type { Scenario } from './scenario.ts';

/**
 * The recordings/ folder at the package's root. This module runs from src/lab/ (tests, tsx) or bundled into
 * dist/ (the CLI), so both depths are tried.
 */
function recordingsDir(): string | null {
  for (const relative of ['../recordings/', '../../recordings/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return null;
}

/** Every recording in recordings/ as a scenario named after its file (without .json), sorted by name. */
export function recordedScenarios(): Scenario[] {
  const dir = recordingsDir();
  if (!dir) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => scenarioFromRecording(parseRecording(readFileSync(`${dir}${file}`, 'utf8'), `recordings/${file}`), basename(file, '.json')));
}

/** A recording's text as a scenario named after its file. */
export function scenarioFromText(text: string, path: string): Scenario {
  return scenarioFromRecording(parseRecording(text, path), basename(path).replace(/\.json$/, '').toLowerCase());
}
