// Verdict statuses to exit codes: the public contract scripts depend on (cli-contract.md, "Exit codes").
import { EXIT } from '../types.ts';
import type { Status } from '../types.ts';

/** The exit code for one verdict: 0 up or fingerprinted, 0 degraded (4 with `strict`), 1 site, 2 provider, 3 local network, 5 inconclusive. */
export function exitCodeFor(status: Status, strict: boolean): number {
  switch (status) {
    case 'up':
    case 'fingerprinted': // nothing probed, nothing claimed: not a failure
      return EXIT.up;
    case 'degraded':
      return strict ? EXIT.degradedStrict : EXIT.up;
    case 'site-outage':
    case 'provider-outage':
    case 'local-network':
    case 'inconclusive':
      return EXIT[status];
    default: {
      // Unreachable while Status is exhaustive; a status without a code is a bug, hence "internal".
      const unknown: never = status;
      void unknown;
      return EXIT.internal;
    }
  }
}

/**
 * One exit code for several targets: the highest wins, so any usage (64) or internal (70) error wins over
 * every verdict, and 70 over 64. No targets at all → 0.
 */
export function combineExitCodes(codes: readonly number[]): number {
  for (const code of [EXIT.internal, EXIT.usage]) if (codes.includes(code)) return code;
  return codes.reduce((max, code) => Math.max(max, code), 0);
}
