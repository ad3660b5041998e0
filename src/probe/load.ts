// The probe stage's code — node:tls, node:http2, zlib, the TLS facts (undici's client only for HTTP/1.1) — is most of what a
// diagnosis loads (~60 % of a one-site run's start-up CPU), and a run whose DNS fails never probes. So it is
// imported on first need, once: by the first host with addresses, or by the warm-ups while DNS answers are
// awaited (see warm.ts), whichever comes first.
import type * as ProbeStage from './stage.ts';

let loading: Promise<typeof ProbeStage> | null = null;

/** The probe stage's entry points; the first call starts loading them, later calls share that load. */
export function loadProbeStage(): Promise<typeof ProbeStage> {
  loading ??= import('./stage.ts');
  return loading;
}

// Kept here for the run layer (--from loads undici too); it lives in wasm.ts so that http.ts can call it without an
// import cycle through the stage.
export { baselineWasmOnly } from './wasm.ts';
