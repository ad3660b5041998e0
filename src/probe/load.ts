// The probe stage's code — node:tls, node:http2, zlib, the TLS facts (undici's client only for HTTP/1.1 edges) — is
// most of what a diagnosis loads (~60 % of a one-site run's start-up CPU), and a run whose DNS fails never probes. So it is
// imported on first need, once: by the first host with addresses, or by the warm-ups while DNS answers are
// awaited (see warm.ts), whichever comes first.
import type * as ProbeStage from './stage.ts';

let loading: Promise<typeof ProbeStage> | null = null;

/** The probe stage's entry points; the first call starts loading them, later calls share that load. */
export function loadProbeStage(): Promise<typeof ProbeStage> {
  loading ??= baselineWasmOnly().then(() => import('./stage.ts'));
  return loading;
}

/**
 * Call before undici loads: ours for HTTP/1.1 edges, and Node's own behind global fetch (the status feeds), which is
 * why the probe stage sets it even when every edge speaks h2. undici parses HTTP with a WebAssembly module that V8
 * re-compiles with TurboFan in the background, and the process then waits for that compile before it can exit
 * (~80 ms on two cores); baseline (Liftoff) code parses a CLI's few responses just as well. Imported here, on first
 * need, rather than in bin/ or at the top of this module: runs that never probe (and --help) do not load node:v8 at
 * all (~3 ms).
 */
export async function baselineWasmOnly(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--liftoff-only');
}
