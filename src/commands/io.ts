// What a command is given to talk to the world: streams, environment and the Ctrl-C signal (cli.ts builds
// it from the process; tests pass their own).
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  /** Aborts on Ctrl-C: the run stops, the lab removes its files, and the exit code is 130. */
  interrupt?: AbortSignal;
}
