// The `cdn-check audit` driver: targets (argv, then --targets-file) through gather → analyse under one deadline,
// streamed in input order, then the concentration table and the exit code (6 when --fail-on matched).
import { setMaxListeners } from 'node:events';
import { createQuerier, type Querier, type QueryResult } from '../dns/query.ts';
import { readSystemResolvers } from '../dns/system.ts';
import { forEachConcurrent } from '../run/pool.ts';
import { makePalette } from '../render/palette.ts';
import { sanitize } from '../render/sanitize.ts';
import { openTargets, readTargets } from '../run/targets-file.ts';
import { EXIT, type ResolverAddress } from '../types.ts';
import { VERSION } from '../version.ts';
import { auditTarget, concentrationTally, matchingFindings, type CdnDomainFacts, type TargetAudit } from './analyze.ts';
import { gatherFacts } from './gather.ts';
import { boundedCache } from './memo.ts';
import type { AuditOptions } from './options.ts';
import { auditNotCheckedLine, auditSummaryLine, auditTargetLine, renderAuditGithub, renderAuditJunit, renderAuditPrometheus } from './render-ci.ts';
import { renderAuditJson, renderAuditTarget, renderConcentration, type AuditReport } from './render.ts';

/** Zones whose NS answers the run keeps for later targets of the same zone (a few MB at most). */
const NS_CHECKS_KEPT = 4096;

/** The formats that print one document once every target is audited. */
const DOCUMENT_RENDERERS: Record<'json' | 'github' | 'junit' | 'prometheus', (report: AuditReport) => string> = {
  json: renderAuditJson,
  github: renderAuditGithub,
  junit: renderAuditJunit,
  prometheus: renderAuditPrometheus,
};

export interface AuditDeps {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Injectable DNS transport (tests); the real UDP/TCP one otherwise. */
  query?: Querier;
  /** The system's resolvers as if read from resolv.conf (tests). */
  systemResolvers?: ResolverAddress[];
  interrupt?: AbortSignal;
  /** Receives the whole report when the run keeps one (a document format, --report): for the files written after. */
  onFinished?: (report: AuditReport) => void;
}

/** Audits every target and writes the report; returns the exit code (0, 5 targets left unchecked, 6, 64, 130). */
export async function runAudit(options: AuditOptions, deps: AuditDeps): Promise<number> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per query in flight
  const deadline = setTimeout(() => controller.abort(new Error('deadline')), options.deadlineMs);
  const onInterrupt = (): void => controller.abort(new Error('interrupted'));
  deps.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  const out = coalescing(deps.stdout);
  try {
    const resolvers = options.resolvers.length > 0 ? options.resolvers : (deps.systemResolvers ?? (await readSystemResolvers()));
    if (!Array.isArray(resolvers) || resolvers.length === 0) {
      const why = Array.isArray(resolvers) ? 'no nameserver in /etc/resolv.conf' : resolvers.message;
      deps.stderr.write(`cdn-check: audit: ${sanitize(why, 300)} (use --resolver <ip[:port]>)\n`);
      return EXIT.usage;
    }
    const opened = options.targetsFile === null ? null : openTargets(options.targetsFile, deps.stdin as NodeJS.ReadableStream & { destroy(): void });
    if (opened && 'code' in opened) {
      deps.stderr.write(`cdn-check: --targets-file: ${sanitize(opened.message, 300)}\n`);
      return EXIT.usage;
    }
    const reader = opened;
    const palette = makePalette(options.color);
    const query = deps.query ?? createQuerier();
    const cdnDomainCache = new Map<string, Promise<CdnDomainFacts>>();
    const pageHostCache = new Map<string, Promise<string | null>>();
    const nsAddressCache = new Map<string, Promise<{ address: string | null; why: string }>>();
    const nsCheckCache = boundedCache<Promise<QueryResult>>(NS_CHECKS_KEPT);
    // Formats that print one document at the end keep every audit (so does --report); the streaming ones (text,
    // NDJSON, quiet) keep only the concentration tally and the --fail-on count, so a long list runs in flat memory.
    const documentFormat = options.format in DOCUMENT_RENDERERS ? (options.format as keyof typeof DOCUMENT_RENDERERS) : null;
    const keepAll = documentFormat !== null || options.reportFile !== null;
    const byIndex = new Map<number, TargetAudit>();
    const tally = concentrationTally();
    const matchedCodes = new Set<string>();
    let matched = 0;
    let audited = 0;
    const notChecked: string[] = [];
    // Text is written in input order: a finished target waits for the ones before it. NDJSON lines are
    // written as targets finish (each line names its target), so one slow target holds nothing back.
    const done = new Map<number, TargetAudit | null>();
    let written = 0;
    const flush = (): void => {
      while (done.has(written)) {
        const audit = done.get(written) ?? null;
        done.delete(written);
        written += 1;
        if (audit) out.write(renderAuditTarget(audit, palette));
      }
    };
    async function* hosts(): AsyncGenerator<string> {
      for (const t of options.targets) yield t.host;
      if (!reader) return;
      for await (const line of readTargets(reader, controller.signal)) {
        if (line.ok) yield line.target.host;
        else deps.stderr.write(`cdn-check: --targets-file line ${line.line} skipped: ${sanitize(line.reason, 200)}\n`);
      }
    }
    await forEachConcurrent(hosts(), options.concurrency, async (host, index) => {
      let audit: TargetAudit | null = null;
      if (controller.signal.aborted) {
        notChecked.push(host);
        if (options.format === 'ndjson') out.write(auditNotCheckedLine(host));
      } else {
        const facts = await gatherFacts(host, { query, resolvers, nsPort: options.nsPort, tlsPort: options.tlsPort, timeoutMs: options.timeoutMs, signal: controller.signal, cdnDomainCache, pageHostCache, nsAddressCache, nsCheckCache, fingerprintOnly: options.fingerprintOnly });
        audit = auditTarget(facts);
        audited += 1;
        tally.add(audit);
        for (const f of matchingFindings([audit], options.failOn)) {
          matched += 1;
          matchedCodes.add(f.code);
        }
        if (keepAll) byIndex.set(index, audit);
        if (options.format === 'ndjson') out.write(auditTargetLine(audit));
      }
      if (options.format === 'text') {
        done.set(index, audit);
        flush();
      }
    });
    if (deps.interrupt?.aborted) return EXIT.interrupted;

    const rows = tally.rows();
    const exitCode = matched > 0 ? EXIT.auditFinding : notChecked.length > 0 ? EXIT.inconclusive : 0;
    const durationMs = Math.round(performance.now() - started);
    const failOn = { codes: options.failOn, matched };
    if (options.format === 'text') {
      if (audited > 1) out.write(renderConcentration(rows, audited, palette));
      if (notChecked.length > 0) out.write(`${palette.warn('not checked before --deadline:')} ${notChecked.map((h) => sanitize(h, 253)).join(', ')}\n`);
      if (matched > 0) out.write(`${palette.bad(`--fail-on: ${matched} finding(s) matched`)} (${[...matchedCodes].join(', ')})\n`);
    } else if (options.format === 'ndjson') {
      out.write(auditSummaryLine({ targets: audited, concentration: rows, notChecked, failOn, durationMs, exitCode }));
    }
    if (keepAll) {
      const audits = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, audit]) => audit);
      const report: AuditReport = {
        schemaVersion: 1,
        tool: { name: 'cdn-check', version: VERSION },
        command: 'audit',
        startedAt,
        durationMs,
        exitCode,
        targets: audits.map((audit) => ({ target: audit.host, audit })),
        concentration: rows,
        notChecked,
        failOn,
      };
      if (documentFormat !== null) out.write(DOCUMENT_RENDERERS[documentFormat](report));
      deps.onFinished?.(report);
    }
    return exitCode;
  } finally {
    out.flush();
    clearTimeout(deadline);
    deps.interrupt?.removeEventListener('abort', onInterrupt);
  }
}

interface Coalescing {
  write(text: string): void;
  flush(): void;
}

/**
 * Writes to `stream` in one piece per turn of the event loop: 256 targets finishing together are one write
 * (one syscall on a pipe) instead of 256 (~5% of the audit bench's CPU). Order is kept; `flush` writes what
 * waits at once (before the run returns).
 */
function coalescing(stream: NodeJS.WritableStream): Coalescing {
  let pending: string[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = (): void => {
    clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    stream.write(text);
  };
  return {
    write(text) {
      pending.push(text);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
