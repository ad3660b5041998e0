// Parses Node's bundled root certificates on another thread while the CLI loads. TLS verification needs them
// parsed once per process (~20 ms of CPU on the main thread, in front of the first handshake whenever the
// DNS answer comes back faster than that, as it does from a local caching resolver). Node keeps the parsed
// roots in one process-wide list, so a worker that builds a TLS context leaves them ready for the main
// thread, which then builds its own in ~1 ms. Its own module, loaded by bin/ before the CLI bundle.
import { Worker } from 'node:worker_threads';

/** Flags after which no TLS handshake can follow. */
const NO_HANDSHAKE = new Set(['--fingerprint-only', '--help', '-h', '--version', '-V', '--list']);

/**
 * Whether parsing the roots early can help this run: it will probe (no flag above), and Node has not parsed
 * them at start-up already (it does when NODE_EXTRA_CA_CERTS is set).
 */
export function rootsWanted(args: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NODE_EXTRA_CA_CERTS) return false;
  return !args.some((arg) => NO_HANDSHAKE.has(arg));
}

/**
 * Starts the worker and returns at once (~3 ms on the main thread). The worker never keeps the process alive
 * and its failure changes nothing: the main thread then parses the roots itself, as it always could.
 */
export function parseRootsInBackground(): void {
  try {
    const worker = new Worker("require('node:tls').createSecureContext()", { eval: true, stdout: true, stderr: true });
    worker.on('error', () => {});
    worker.unref();
  } catch {
    // no worker threads here: nothing is lost
  }
}
