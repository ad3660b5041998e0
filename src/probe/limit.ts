// One concurrency cap for the whole run: targets, canaries and controls all queue here, so
// `--concurrency` bounds the sockets cdn-check holds open at once, whatever the number of targets.

/** Runs `task` when a slot is free; resolves/rejects with the task's own outcome. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A FIFO limiter allowing `concurrency` tasks in flight (values below 1 are treated as 1, fractions
 * are floored). A task that throws synchronously or rejects still frees its slot.
 */
export function createLimiter(concurrency: number): Limiter {
  const max = Math.max(1, Math.floor(Number.isFinite(concurrency) ? concurrency : 1));
  let active = 0;
  const queue: (() => void)[] = [];

  const release = (): void => {
    active--;
    const next = queue.shift();
    if (next) next();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        let running: Promise<T>;
        try {
          running = task();
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(resolve, reject).finally(release);
      };
      if (active < max) start();
      else queue.push(start);
    });
}
