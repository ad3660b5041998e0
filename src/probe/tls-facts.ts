// Reads the facts a report shows about an edge's certificate (names, issuer, validity) out of
// Node's PeerCertificate shape, purely, so hostile or odd certificates are handled in one place.

/** The subset of tls.PeerCertificate this module reads; fields may be missing or odd on hostile certs. */
export interface CertificateLike {
  subject?: Record<string, string | string[] | undefined> | null;
  issuer?: Record<string, string | string[] | undefined> | null;
  subjectaltname?: string;
  valid_from?: string;
  valid_to?: string;
}

export interface CertificateFacts {
  subject: string | null;
  subjectAltNames: string[];
  issuer: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** SAN type prefixes Node prints, dropped so names read as plain "example.com" / "127.0.0.1". */
const SAN_PREFIXES = ['DNS:', 'IP Address:', 'URI:', 'email:', 'DirName:', 'othername:', 'Registered ID:'];

function first(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Node's date text ("Nov 29 02:32:00 2025 GMT") as ISO 8601; null when absent or unparsable. */
export function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Splits Node's subjectaltname string ("DNS:a.com, IP Address:127.0.0.1") into plain names.
 * Node quotes entries containing commas or quotes as JSON strings (DNS:"a,b"); those are unquoted,
 * and commas inside quotes do not split. Unknown prefixes are kept as they are.
 */
export function parseSubjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (ch === ',' && !quoted) {
      entries.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  entries.push(current.trim());
  return entries.filter((entry) => entry !== '').map(stripSanPrefix);
}

function stripSanPrefix(entry: string): string {
  const prefix = SAN_PREFIXES.find((p) => entry.startsWith(p));
  const value = prefix ? entry.slice(prefix.length) : entry;
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // not valid JSON quoting: keep the text as seen
    }
  }
  return value;
}

/** Subject CN, SANs, issuer CN (or O when the issuer has no CN) and validity as ISO dates. */
export function certificateFacts(cert: CertificateLike | null | undefined): CertificateFacts {
  return {
    subject: first(cert?.subject?.CN),
    subjectAltNames: parseSubjectAltNames(cert?.subjectaltname),
    issuer: first(cert?.issuer?.CN) ?? first(cert?.issuer?.O),
    validFrom: isoDate(cert?.valid_from),
    validTo: isoDate(cert?.valid_to),
  };
}
