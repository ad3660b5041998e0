// `cdn-check lab audit`: starts the audit lab (audit-lab.ts) in-process and runs the real audit against it over
// loopback — every audit site, both resolvers (so the steered site shows two CDNs), the lab's NS port and edges —
// with the lab command's format, output file, limit and colour flags. Nothing leaves the machine.
import type { CliIo } from '../commands/io.ts';
import type { RawFlags } from '../options.ts';
import { AUDIT_LAB_TARGETS } from '../lab/audit-sites.ts';
import { startAuditLab } from '../lab/audit-lab.ts';
import { runAuditToOutputs } from './outputs.ts';
import { buildAuditOptions, type AuditRawFlags } from './options.ts';

/** Limits for the lab audit when the user gives none: a loopback lab answers in milliseconds. */
const LAB_TIMEOUT_MS = '4000';
const LAB_DEADLINE_MS = '30000';

export async function runAuditLab(flags: RawFlags, io: CliIo, given: { timeout: boolean; deadline: boolean }): Promise<number> {
  const lab = await startAuditLab();
  try {
    const auditFlags: AuditRawFlags = {
      ...(flags.json ? { json: true } : {}),
      ...(flags.ndjson ? { ndjson: true } : {}),
      ...(flags.quiet ? { quiet: true } : {}),
      ...(flags.format !== undefined ? { format: flags.format } : {}),
      ...(flags.fingerprintOnly ? { fingerprintOnly: true } : {}),
      ...(flags.output !== undefined ? { output: flags.output } : {}),
      ...(flags.report !== undefined ? { report: flags.report } : {}),
      resolver: lab.resolvers.map((r) => r.resolver.label),
      nsPort: String(lab.nsPort),
      port: String(lab.edgePort),
      timeout: given.timeout ? flags.timeout : LAB_TIMEOUT_MS,
      deadline: given.deadline ? flags.deadline : LAB_DEADLINE_MS,
      concurrency: flags.concurrency,
      color: flags.color !== false,
    };
    const options = buildAuditOptions([...AUDIT_LAB_TARGETS], auditFlags, io);
    return await runAuditToOutputs(options, io);
  } finally {
    await lab.close();
  }
}
