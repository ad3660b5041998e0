// Where a finished report goes besides stdout: a file written atomically (-o), and GitHub Actions' summary and
// outputs files. The only module that writes report files; the renderers it is handed stay pure.
import { appendFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { githubOutputs, githubSummary } from './render/github.ts';
import { renderJson } from './render/json.ts';
import { sanitize } from './render/sanitize.ts';
import type { CliIo } from './commands/io.ts';
import type { Options } from './options.ts';
import type { RunDeps } from './run/run.ts';
import { EXIT, type Report } from './types.ts';

/** Collects what the run writes to "stdout" so -o can write it in one piece. Not a terminal: no width, no spinner. */
export class ReportBuffer extends Writable {
  readonly isTTY = false;
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  contents(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

type WriteOutcome = { ok: true } | { ok: false; message: string };

function failure(error: unknown): WriteOutcome {
  const e = error as NodeJS.ErrnoException;
  return { ok: false, message: sanitize(`${e.code ?? 'EIO'}${e.code === 'ENOSPC' ? ' (no space left on device)' : ''}: ${e.message ?? String(error)}`, 300) };
}

/**
 * Writes `data` to `path` so a reader (node_exporter's textfile collector, a CI step) sees the old file or the
 * new one, never half of one: a temporary file in the same directory (so the rename stays on one file system),
 * then rename over the target. The temporary file is removed when anything fails.
 */
async function writeAtomic(path: string, data: Buffer | string): Promise<WriteOutcome> {
  const target = resolve(path);
  // node:crypto only here, when a file is written: loading it costs every run ~10 ms of start-up otherwise.
  const { randomBytes } = await import('node:crypto');
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flag: 'wx', mode: 0o644 });
    await rename(temp, target);
    return { ok: true };
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    return failure(error);
  }
}

/** Appends the job summary and the step outputs to the files GitHub names in the environment, when it names them. */
async function writeGithubFiles(github: { summary: string; outputs: string }, env: Record<string, string | undefined>): Promise<WriteOutcome> {
  try {
    if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, github.summary);
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, github.outputs);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Runs `run` with the CLI's streams, except that with -o it writes into a buffer, and keeps the whole report for
 * --format github; then writes the files (finishOutput). One place for both `cdn-check` and `cdn-check lab`.
 */
export async function runToOutputs(run: (options: Options, deps: RunDeps) => Promise<number>, options: Options, io: CliIo, extra: Partial<RunDeps> = {}): Promise<number> {
  const buffer = options.output !== null ? new ReportBuffer() : null;
  let report: Report | null = null;
  const deps: RunDeps = {
    stdout: buffer ?? io.stdout,
    stderr: io.stderr,
    env: io.env,
    stdin: io.stdin,
    onFinished: (r) => (report = r),
    ...(io.interrupt ? { interrupt: io.interrupt } : {}),
    ...extra,
  };
  const recorder = options.record === null ? null : (await import('./record/recorder.ts')).startRecording(options);
  const code = await run(options, recorder ? recorder.wrap(deps) : deps);
  const finished = await finishOutput(code, { output: options.output, reportFile: options.reportFile, format: options.format, buffer, report, io });
  // Nothing is recorded for a run that stopped before it decided anything (a usage error, Ctrl-C).
  if (!recorder || options.record === null || code === EXIT.usage || code === EXIT.interrupted) return finished;
  const { renderRecording } = await import('./record/recording.ts');
  const written = await writeAtomic(options.record, renderRecording(recorder.finish(code, report)));
  if (!written.ok) {
    io.stderr.write(`cdn-check: cannot write the recording to ${sanitize(options.record, 200)}: ${written.message}\n`);
    return EXIT.ioError;
  }
  return finished;
}

/** After the diagnosis: its -o buffer, --report JSON and GitHub files, rendered from its report (see writeOutputs). */
function finishOutput(
  code: number,
  ctx: { output: string | null; reportFile: string | null; format: string; buffer: ReportBuffer | null; report: Report | null; io: { stderr: NodeJS.WritableStream; env: Record<string, string | undefined> } },
): Promise<number> {
  const { report } = ctx;
  return writeOutputs(
    code,
    {
      output: ctx.output !== null && ctx.buffer ? { path: ctx.output, buffer: ctx.buffer } : null,
      report: ctx.reportFile !== null && report ? { path: ctx.reportFile, json: renderJson(report) } : null,
      github: ctx.format === 'github' && report ? { summary: githubSummary(report), outputs: githubOutputs(report) } : null,
    },
    ctx.io,
  );
}

/** What a finished command writes besides stdout, rendered already: every command's -o, --report and GitHub files. */
export interface FinishedOutputs {
  /** -o: the file, and the buffer the command wrote its stdout into. */
  output: { path: string; buffer: ReportBuffer } | null;
  /** --report: the file and its JSON document. */
  report: { path: string; json: string } | null;
  /** --format github: the job summary and step outputs, appended to the files GITHUB_STEP_SUMMARY / GITHUB_OUTPUT name. */
  github: { summary: string; outputs: string } | null;
}

/**
 * After a run: writes the -o file (not when the run wrote nothing, as on a usage error), the --report JSON and
 * GitHub's files. Either failing is one line on stderr and exit 74 (EX_IOERR), whatever the verdict was.
 */
export async function writeOutputs(code: number, files: FinishedOutputs, io: { stderr: NodeJS.WritableStream; env: Record<string, string | undefined> }): Promise<number> {
  if (files.output && files.output.buffer.contents().length > 0) {
    const written = await writeAtomic(files.output.path, files.output.buffer.contents());
    if (!written.ok) {
      io.stderr.write(`cdn-check: cannot write the report to ${sanitize(files.output.path, 200)}: ${written.message}\n`);
      return EXIT.ioError;
    }
  }
  if (files.report) {
    const written = await writeAtomic(files.report.path, files.report.json);
    if (!written.ok) {
      io.stderr.write(`cdn-check: cannot write the report to ${sanitize(files.report.path, 200)}: ${written.message}\n`);
      return EXIT.ioError;
    }
  }
  if (files.github) {
    const written = await writeGithubFiles(files.github, io.env);
    if (!written.ok) {
      io.stderr.write(`cdn-check: cannot write GitHub's summary or outputs: ${written.message}\n`);
      return EXIT.ioError;
    }
  }
  return code;
}
