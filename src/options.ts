// Validates and normalises what the user typed (targets and flags) into Options; bad input is a UsageError.
import type { ResolverAddress, Target } from './types.ts';

export type Format = 'text' | 'json' | 'ndjson' | 'quiet';

export interface Options {
  targets: Target[];
  /** --targets-file path or "-" (streamed; see bulk mode). */
  targetsFile: string | null;
  format: Format;
  /** Explicit --resolver list; empty means "the system's" (resolv.conf), resolved in run.ts. */
  resolvers: ResolverAddress[];
  fallbackResolvers: ResolverAddress[];
  /** --port override for every probe, else null (the target's own port). */
  port: number | null;
  caFile: string | null;
  insecure: boolean;
  timeoutMs: number;
  deadlineMs: number;
  canaries: { provider: string; host: string }[];
  builtinCanaries: boolean;
  controls: string[];
  builtinControls: boolean;
  strict: boolean;
  concurrency: number;
  fingerprintOnly: boolean;
  verbose: boolean;
  debug: boolean;
  /** Resolved colour decision (see render/palette.ts). */
  color: boolean;
}

/** Bad input from the user: one line on stderr, exit 64. */
export class UsageError extends Error {
  override name = 'UsageError';
}
