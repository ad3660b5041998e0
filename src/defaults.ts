// Defaults that are policy rather than logic, kept in one place so the contract's promises are easy to audit.

/**
 * Asked only in system-resolver mode, only after the system resolver failed every name, to tell
 * "your resolver is broken" from "the name is broken". Never used when --resolver is given
 * (cli-contract.md: with --resolver no packet goes anywhere else unless --fallback-resolver names it).
 */
export const PUBLIC_FALLBACK_RESOLVERS = ['1.1.1.1', '8.8.8.8', '9.9.9.9'] as const;

/** How much decoded response body a probe keeps by default (enough for an error page's signature): 16 KiB. */
export const DEFAULT_BODY_LIMIT = 16 * 1024;

/** Probed edge addresses per family, IPv4 first (the CLI contract's "4 per family"; the rest are listed as skipped). */
export const ADDRESSES_PER_FAMILY = 4;

/** DNS time plus the fastest answer above this (ms) is "slow": the verdict is degraded. */
export const SLOW_MS = 2000;

/**
 * Canaries and controls resolve at once but start their TCP/TLS/HTTP probes only when a target shows
 * trouble, or this long after the run starts (a target that is merely slow, or hanging): a healthy check
 * then costs one site's handshakes, not a dozen.
 */
export const PEER_PROBE_HOLD_MS = 300;

/** A --ca-file larger than this is refused (exit 64): real CA bundles are a few hundred KiB. */
export const MAX_CA_FILE_BYTES = 10 * 2 ** 20;
