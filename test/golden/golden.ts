// Golden files: compares a renderer's output with a file under test/golden/; UPDATE_GOLDEN=1 rewrites the files.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Whether this run rewrites goldens instead of comparing ("1" or "true"). */
export function updating(env: Record<string, string | undefined> = process.env): boolean {
  return env.UPDATE_GOLDEN === '1' || env.UPDATE_GOLDEN === 'true';
}

/**
 * Asserts that `actual` equals the file `test/golden/<name>` byte for byte. With UPDATE_GOLDEN set the file is
 * written instead (directories created as needed). A missing file fails, naming the command that creates it, so a
 * forgotten golden never passes silently.
 */
export function assertGolden(name: string, actual: string, options: { root?: string; update?: boolean } = {}): void {
  const path = join(options.root ?? ROOT, name);
  if (options.update ?? updating()) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) assert.fail(`golden file test/golden/${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  const expected = readFileSync(path, 'utf8');
  assert.equal(actual, expected, `output differs from test/golden/${name} (UPDATE_GOLDEN=1 rewrites it after review)`);
}
