// `cdn-check audit` with its files: stdout into a buffer for -o, the whole report kept for --report and
// --format github, then output.ts writes them as it does for a diagnosis.
import type { CliIo } from '../commands/io.ts';
import { ReportBuffer, writeOutputs } from '../output.ts';
import { runAudit } from './command.ts';
import type { AuditOptions } from './options.ts';
import { auditGithubOutputs, auditGithubSummary } from './render-ci.ts';
import { renderAuditJson, type AuditReport } from './render.ts';

/** Runs the audit with the CLI's streams and writes -o, --report and GitHub's summary and outputs files. */
export async function runAuditToOutputs(options: AuditOptions, io: CliIo): Promise<number> {
  const buffer = options.output !== null ? new ReportBuffer() : null;
  const finished: { report: AuditReport | null } = { report: null };
  const code = await runAudit(options, {
    stdout: buffer ?? io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    onFinished: (report) => (finished.report = report),
    ...(io.interrupt ? { interrupt: io.interrupt } : {}),
  });
  const { report } = finished;
  return writeOutputs(
    code,
    {
      output: options.output !== null && buffer ? { path: options.output, buffer } : null,
      report: options.reportFile !== null && report ? { path: options.reportFile, json: renderAuditJson(report) } : null,
      github: options.format === 'github' && report ? { summary: auditGithubSummary(report), outputs: auditGithubOutputs(report) } : null,
    },
    io,
  );
}
