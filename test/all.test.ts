// Node 20's `node --test` does not expand globs: this entry imports every *.test.ts below test/,
// so adding a suite needs no edit here. Files run in a stable (sorted) order.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const only = process.env.TEST_ONLY; // e.g. TEST_ONLY=dns runs the suites whose path contains "dns"

function* suites(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* suites(path);
    else if (entry.name.endsWith('.test.ts') && path !== fileURLToPath(import.meta.url)) yield path;
  }
}

for (const path of suites(root)) {
  if (only && !relative(root, path).includes(only)) continue;
  await import(pathToFileURL(path).href);
}
