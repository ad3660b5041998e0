// What the run layer calls in the probe stage, behind one dynamic import (see load.ts): keeping these out of
// the run's static imports keeps undici and node:tls out of a run that never probes.
export { hostHeaderFor, loadHttpClient } from './edge.ts';
export { probeAddresses } from './probe-all.ts';
