// One V8 setting for undici's WebAssembly HTTP/1.1 parser, applied just before undici loads (http.ts's loadHttp1,
// and the run layer for --from): an HTTP/2 probe and a run that never probes do not load node:v8 at all.

/**
 * Call before undici loads. It parses HTTP with a WebAssembly module that V8 re-compiles with TurboFan in the
 * background, and the process then waits for that compile before it can exit (~80 ms on two cores); baseline
 * (Liftoff) code parses a CLI's few responses just as well. Imported on first need rather than in bin/: runs that
 * never load undici (--help, a DNS failure, HTTP/2 edges only) do not load node:v8 at all (~3 ms).
 */
export async function baselineWasmOnly(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--liftoff-only');
}
