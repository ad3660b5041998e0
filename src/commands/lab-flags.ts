// The common flags the lab sets itself. Kept apart from lab.ts so cli.ts can hide them from `lab --help` without
// loading the lab: the help lists only what the lab accepts (issue 15 §6).
import type { RawFlags } from '../options.ts';

/** Flags the lab refuses: a user value would point the "offline" lab at the real network. */
export const LAB_OWNED: readonly (readonly [keyof RawFlags, string])[] = [
  ['resolver', '--resolver'],
  ['fallbackResolver', '--fallback-resolver'],
  ['port', '--port'],
  ['caFile', '--ca-file'],
  ['targetsFile', '--targets-file'],
  ['noproxy', '--noproxy'],
  // The lab plays the providers' status pages too: no lab run may read a real one.
  ['statusFeed', '--status-feed'],
];

/** Flags the lab accepts but that change nothing there (its canaries and controls are its own hosts). */
const LAB_MOOT = ['--no-builtin-canaries', '--no-builtin-controls'];

/** Long names not shown in `cdn-check lab --help`. */
export const LAB_HIDDEN: ReadonlySet<string> = new Set([...LAB_OWNED.map(([, flag]) => flag), ...LAB_MOOT]);
