// Globalping's wire shapes (OpenAPI spec jsdelivr/globalping public/v1), read defensively: everything
// from the API is untrusted JSON, so each field is checked for its type and strings are sanitised and
// bounded before they reach a report. Pure.
import { sanitize } from '../render/sanitize.ts';

export interface ApiProbe {
  continent: string | null;
  country: string;
  city: string | null;
  asn: number | null;
  network: string | null;
}

export interface ApiResult {
  probe: ApiProbe;
  /** The per-type result object, still unknown: facts.ts reads the fields it needs. */
  result: Record<string, unknown>;
  status: string;
}

export interface ApiMeasurement {
  id: string;
  type: string;
  status: string;
  results: ApiResult[];
}

/** The error body `{ error: { type, message } }`, else null. */
export function readApiError(body: unknown): { type: string; message: string } | null {
  const error = record(record(body)?.error);
  if (!error) return null;
  return { type: text(error.type, 64) ?? 'unknown', message: text(error.message, 300) ?? '' };
}

/** The 202 body of a created measurement, else null. */
export function readCreated(body: unknown): { id: string; probesCount: number } | null {
  const b = record(body);
  const id = typeof b?.id === 'string' && /^[a-zA-Z0-9]{1,64}$/.test(b.id) ? b.id : null;
  const probesCount = typeof b?.probesCount === 'number' && Number.isInteger(b.probesCount) ? b.probesCount : null;
  return id && probesCount !== null ? { id, probesCount } : null;
}

/** A measurement as returned by GET /v1/measurements/{id}, else null when the shape is not one. */
export function readMeasurement(body: unknown): ApiMeasurement | null {
  const b = record(body);
  if (!b || typeof b.id !== 'string' || typeof b.status !== 'string' || !Array.isArray(b.results)) return null;
  const results: ApiResult[] = [];
  for (const item of b.results.slice(0, 500)) {
    const probe = record(record(item)?.probe);
    const result = record(record(item)?.result);
    if (!probe || !result) continue;
    results.push({
      probe: {
        continent: text(probe.continent, 8),
        country: text(probe.country, 8) ?? '??',
        city: text(probe.city, 80),
        asn: typeof probe.asn === 'number' && Number.isInteger(probe.asn) ? probe.asn : null,
        network: text(probe.network, 80),
      },
      result,
      status: text(result.status, 20) ?? 'unknown',
    });
  }
  return { id: sanitize(b.id, 64), type: text(b.type, 16) ?? 'unknown', status: text(b.status, 20) ?? 'unknown', results };
}

export function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A string field, sanitised and bounded; null when absent or not a string. */
export function text(value: unknown, max: number): string | null {
  return typeof value === 'string' ? sanitize(value, max) : null;
}

/** A numeric field (a timing, a status code), null when absent or not a finite number. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
