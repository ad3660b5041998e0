// How a helper process started by a test ends: when its stdin ends (the parent went away or closed the pipe) or
// on SIGTERM, it runs `close` once and then lets stdin go, so the event loop can empty and the process exit.
export function closeWhenParentLets(close: () => Promise<void>): void {
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void close().then(() => process.stdin.destroy());
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
}
