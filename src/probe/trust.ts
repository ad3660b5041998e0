// Builds the trust store for probes. Passing `ca` to tls.connect replaces Node's defaults, so the
// full list is assembled here: Node's bundled roots + NODE_EXTRA_CA_CERTS + the user's --ca-file.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { printablePath } from '../input.ts';
import type { ErrorInfo } from '../types.ts';

export interface Trust {
  /** PEM certificates, one per entry. */
  ca: string[];
  /** Problems that did not stop the run (an unreadable NODE_EXTRA_CA_CERTS, which Node itself only warns about). */
  warnings?: ErrorInfo[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every well-formed certificate block in `text`; null when a block does not parse as X.509. */
export function splitPem(text: string): string[] | null {
  const blocks = text.match(PEM_BLOCK) ?? [];
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      return null;
    }
  }
  return blocks;
}

// Read synchronously: a small local file read once per run, in front of the first DNS query, where an
// asynchronous read costs ~1.5 ms more (a thread-pool round trip and a FileHandle) for nothing in return.
function readPemFile(path: string, label: string, codePrefix: string, given?: string): string[] | ErrorInfo {
  let text: string;
  try {
    text = given ?? readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'read error';
    return { code: `${codePrefix}_UNREADABLE`, message: `${label} ${printablePath(path)}: cannot read (${reason})` };
  }
  const certs = splitPem(text);
  if (certs === null || certs.length === 0) {
    return { code: `${codePrefix}_INVALID`, message: `${label} ${printablePath(path)}: no valid PEM certificate found` };
  }
  return certs;
}

function isError(value: string[] | ErrorInfo): value is ErrorInfo {
  return !Array.isArray(value);
}

/**
 * Loads the trust store: `tls.rootCertificates`, then the certificates in `extraCaEnv` (the value of
 * NODE_EXTRA_CA_CERTS, a path), then those in `caFile` (--ca-file).
 * - `caFile` unreadable → `{ code: 'CA_FILE_UNREADABLE' }`; no valid certificate in it → `CA_FILE_INVALID`
 *   (the user asked for it, so the run should stop with a usage-like error).
 * - `extraCaEnv` unreadable or invalid → a warning (code EXTRA_CA_UNREADABLE / EXTRA_CA_INVALID) and
 *   the run continues, as Node does at start-up.
 * - `caText`, when given, is the --ca-file's content already read (bounded in size and by the deadline: see
 *   input.ts); `caFile` then only names it in messages.
 * - Duplicates are dropped.
 */
export function loadTrust(opts: { caFile: string | null; caText?: string; extraCaEnv?: string | undefined }): Trust | ErrorInfo {
  const ca = [...rootCertificates];
  const warnings: ErrorInfo[] = [];
  if (opts.extraCaEnv) {
    const extra = readPemFile(opts.extraCaEnv, 'NODE_EXTRA_CA_CERTS', 'EXTRA_CA');
    if (isError(extra)) warnings.push(extra);
    else ca.push(...extra);
  }
  if (opts.caFile !== null) {
    const own = readPemFile(opts.caFile, '--ca-file', 'CA_FILE', opts.caText);
    if (isError(own)) return own;
    ca.push(...own);
  }
  const unique = [...new Set(ca)];
  return warnings.length > 0 ? { ca: unique, warnings } : { ca: unique };
}
