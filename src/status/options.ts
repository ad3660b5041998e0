// Validates --status-feed and --no-status (issue 17 §2) into StatusOptions; bad input is a UsageError (exit 64).
import { UsageError } from '../usage.ts';
import { sanitize } from '../render/sanitize.ts';

export interface StatusOptions {
  /** False with --no-status: no feed is fetched, no report carries `statusFeeds`. */
  enabled: boolean;
  /** Provider id → feed URL, from `--status-feed id=url` (a company mirror, a lab). */
  overrides: Readonly<Record<string, string>>;
  /** `--status-feed '*=url'`: every provider's feed from this URL, `{provider}` replaced by its id; null when not given. */
  all: string | null;
}


/**
 * `enabled` is commander's value for --no-status (true unless given); anything else (flags built by hand, as
 * in-process tests do) leaves status feeds off, so nothing but the CLI ever reaches a real status page.
 */
export function statusOptions(enabled: boolean | undefined, specs: readonly string[] | undefined, isProvider: (id: string) => boolean): StatusOptions {
  const overrides: Record<string, string> = {};
  let all: string | null = null;
  for (const spec of specs ?? []) {
    const m = /^([a-z0-9-]+|\*)=(.+)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--status-feed "${sanitize(spec, 80)}" is not provider=url (e.g. --status-feed akamai=http://127.0.0.1:8080/summary.json)`);
    const [, id = '', url = ''] = m;
    if (id !== '*' && !isProvider(id)) throw new UsageError(`--status-feed: unknown provider id "${id}"`);
    checkUrl(url);
    if (id === '*') all = url;
    else overrides[id] = url;
  }
  return { enabled: enabled === true, overrides, all };
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll('{provider}', 'p'));
  } catch {
    throw new UsageError(`--status-feed: "${sanitize(url, 80)}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UsageError(`--status-feed: "${sanitize(url, 80)}" is not an http(s) URL`);
  if (parsed.username || parsed.password) throw new UsageError('--status-feed: credentials in the URL are not accepted (they would be logged)');
}
