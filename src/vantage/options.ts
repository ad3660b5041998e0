// `--from`, `--probes`, `--max-tests` and the Globalping environment, checked before anything is sent:
// a run that would spend more tests than its cap is refused (exit 64), never half-run.
import { UsageError, integer } from '../usage.ts';
import { sanitize } from '../render/sanitize.ts';
import { DEFAULT_TEST_CAP, PROBES_PER_MEASUREMENT, parseLocations, testsPerTarget } from './locations.ts';

// Here, not in client.ts: parsing options must not load the HTTP client (all of undici) for a run without --from.
const DEFAULT_API_URL = 'https://api.globalping.io';

export interface VantageOptions {
  locations: string[];
  probes: number;
  maxTests: number;
  /** GLOBALPING_TOKEN: kept out of every report, log and error message. */
  token: string | null;
  /** GLOBALPING_API_URL, else Globalping's public API. */
  apiUrl: string;
}

/** Probes per location when --probes is not given: enough to tell one bad probe from a bad country. */
const DEFAULT_PROBES = 3;

export function vantageOptions(
  flags: { from?: string; probes?: string; maxTests?: string },
  run: { targets: number; targetsFile: boolean; env: Record<string, string | undefined> },
): VantageOptions | null {
  if (flags.from === undefined) {
    if (flags.probes !== undefined) throw new UsageError('--probes needs --from');
    if (flags.maxTests !== undefined) throw new UsageError('--max-tests needs --from');
    return null;
  }
  const parsed = parseLocations(flags.from);
  if (!parsed.ok) throw new UsageError(`--from "${sanitize(flags.from, 80)}": ${parsed.reason}`);
  const token = run.env.GLOBALPING_TOKEN?.trim() || null;
  const tier = token ? 'authenticated' : 'anonymous';
  const probes = flags.probes === undefined ? DEFAULT_PROBES : integer('--probes', flags.probes, 1, PROBES_PER_MEASUREMENT.authenticated);
  const perMeasurement = probes * parsed.locations.length;
  if (perMeasurement > PROBES_PER_MEASUREMENT[tier]) {
    const hint = token ? '' : ' without GLOBALPING_TOKEN';
    throw new UsageError(`--from/--probes ask for ${perMeasurement} probes per measurement; Globalping allows ${PROBES_PER_MEASUREMENT[tier]}${hint}`);
  }
  // A targets file has no known length: its cost must be bounded by the user, not guessed.
  if (run.targetsFile && flags.maxTests === undefined) throw new UsageError('--from with --targets-file needs --max-tests <n> (each target costs tests from your Globalping hourly limit)');
  const maxTests = flags.maxTests === undefined ? DEFAULT_TEST_CAP[tier] : integer('--max-tests', flags.maxTests, 1, 100_000);
  const cost = testsPerTarget(parsed.locations.length, probes) * run.targets;
  if (cost > maxTests) {
    throw new UsageError(`--from would spend ${cost} Globalping tests (${run.targets} targets × 2 measurements × ${perMeasurement} probes), more than the cap of ${maxTests}; lower --probes, or raise --max-tests${token ? '' : ' and set GLOBALPING_TOKEN'}`);
  }
  const apiUrl = apiRoot(run.env.GLOBALPING_API_URL);
  return { locations: parsed.locations, probes, maxTests, token, apiUrl };
}

/** GLOBALPING_API_URL as an http(s) root without a trailing slash; anything else is a usage error. */
function apiRoot(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`GLOBALPING_API_URL "${sanitize(value, 80)}" is not a URL`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new UsageError(`GLOBALPING_API_URL "${sanitize(value, 80)}" must be a plain http(s) URL`);
  }
  return url.toString().replace(/\/+$/, '');
}
