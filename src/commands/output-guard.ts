// What becomes of output the process cannot write, for the CLI and for the --help fast path alike: a closed pipe
// (`| head -1`) ends the output quietly; anything else (a full disk) is one line on stderr.
import { sanitize } from '../render/sanitize.ts';

/** Listens for write errors on the process's stdout and stderr; `onFailed` runs once, at the first that is not EPIPE. */
export function guardOutput(onFailed: () => void): void {
  let failed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || failed) return;
    failed = true;
    onFailed();
    process.stderr.write(`cdn-check: cannot write the report: ${sanitize(error.code ?? error.message, 300)}${error.code === 'ENOSPC' ? ' (no space left on device)' : ''}\n`);
  });
  process.stderr.on('error', () => {}); // nowhere left to say anything
}
