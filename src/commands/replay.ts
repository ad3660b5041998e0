// `cdn-check replay <file>`: the recorded run's options and exchanges, through the same run (fingerprints,
// verdict, rendering) with every socket and timer replaced by the recording. Only output flags are the user's.
import type { CliIo } from './io.ts';
import { isKnownProvider } from '../fingerprint/match.ts';
import { printablePath, readBounded } from '../input.ts';
import { buildOptions, type Options, type RawFlags } from '../options.ts';
import { runToOutputs } from '../output.ts';
import { parseRecording, type Recording } from '../record/recording.ts';
import { replayDeps } from '../record/replay.ts';
import { parseResolverSpec } from '../dns/system.ts';
import { run } from '../run/run.ts';
import { sanitize } from '../render/sanitize.ts';
import { UsageError } from '../usage.ts';
import type { StatusOptions } from '../status/options.ts';
import type { ResolverAddress } from '../types.ts';

/** What replay takes from the command line: how to show the result, never what to ask. */
export type ReplayFlags = Pick<RawFlags, 'json' | 'ndjson' | 'quiet' | 'format' | 'output' | 'verbose' | 'debug' | 'color'>;

/** Large enough for a run of thousands of targets; a bigger file is not a recording this tool wrote. */
const MAX_RECORDING_BYTES = 256 * 2 ** 20;
/** Reading a recording from a FIFO that never ends must not hang the command. */
const READ_LIMIT_MS = 30_000;

/** Environment variables that would change what a live run does; a replay does not depend on them. */
const LIVE_ONLY_ENV = /^(https?_proxy|all_proxy|no_proxy|node_extra_ca_certs|globalping_token|globalping_api_url)$/i;

export async function runReplay(file: string, flags: ReplayFlags, io: CliIo): Promise<number> {
  const bytes = await readBounded(file, MAX_RECORDING_BYTES, AbortSignal.timeout(READ_LIMIT_MS));
  if (!Buffer.isBuffer(bytes)) throw new UsageError(`replay: ${bytes.message}`);
  const recording = parseRecording(bytes.toString('utf8'), printablePath(file));
  const env = Object.fromEntries(Object.entries(io.env).filter(([name]) => !LIVE_ONLY_ENV.test(name)));
  const options = replayOptions(recording, flags, { ...io, env });
  const deps = replayDeps(recording);
  return runToOutputs(run, options, { ...io, env }, { ...deps, ...systemList(recording) });
}

/** The recorded options as the run's, with this command line's output flags. A field the recording lacks is a usage error. */
function replayOptions(recording: Recording, flags: ReplayFlags, io: CliIo): Options {
  const o = recording.options;
  const r = recording.resolvers;
  const raw: RawFlags = {
    ...flags,
    // System mode: the recorded resolv.conf resolvers are handed to the run as the system's (systemList).
    resolver: r.mode === 'explicit' ? r.resolvers : [],
    fallbackResolver: r.fallbacks,
    ...(o.port === null ? {} : { port: String(o.port) }),
    insecure: o.insecure,
    // With the unit: a bare number under 50 is refused as a likely slip for seconds, and these are milliseconds.
    timeout: `${o.timeoutMs}ms`,
    deadline: `${o.deadlineMs}ms`,
    canary: o.canaries.map((c) => `${c.provider}=${c.host}`),
    builtinCanaries: o.builtinCanaries,
    control: o.controls,
    builtinControls: o.builtinControls,
    strict: o.strict,
    concurrency: String(o.concurrency),
    fingerprintOnly: o.fingerprintOnly,
    ...(o.noproxy === null ? {} : { noproxy: o.noproxy }),
  };
  try {
    const options = buildOptions(o.targets, raw, io, { isProvider: isKnownProvider });
    // The remote measurements are the recording's: no Globalping limit (nor token) applies to reading them again.
    const v = o.vantage;
    const replayed = { ...options, status: replayStatus(recording) };
    return v ? { ...replayed, vantage: { locations: v.from.split(','), probes: v.probes, maxTests: v.maxTests, token: null, apiUrl: 'recording' } } : replayed;
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`invalid recording: its options: ${error.message}`);
    throw error;
  }
}

/**
 * Status feeds as the recorded run had them: on when it kept feeds, each provider's at the URL it read (the
 * replay's fetcher answers from the recording by provider, so the URL is only shown, never fetched).
 */
function replayStatus(recording: Recording): StatusOptions {
  const feeds = recording.statusFeeds;
  return { enabled: feeds !== undefined, overrides: Object.fromEntries((feeds ?? []).map((f) => [f.provider, f.url])), all: null };
}

/** In system mode, the resolvers the recorded run read from resolv.conf. */
function systemList(recording: Recording): { systemResolvers?: ResolverAddress[] } {
  if (recording.resolvers.mode !== 'system') return {};
  const list = recording.resolvers.resolvers.map((spec) => {
    const parsed = parseResolverSpec(spec);
    if ('code' in parsed) throw new UsageError(`invalid recording: resolver "${sanitize(spec, 60)}": ${parsed.message}`);
    return parsed;
  });
  return { systemResolvers: list };
}
