// Runs an async task for each item of a (possibly endless) stream with at most n in flight, pulling the
// next item only when a slot frees up — so a 10-million-line targets file never sits in memory.

/** Calls `task(item, index)` for every item, at most `concurrency` at once; resolves when all are done. */
export async function forEachConcurrent<T>(
  items: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : toAsync(items as Iterable<T>);
  let index = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (failure !== null) return;
      const next = await iterator.next();
      if (next.done) return;
      const i = index++;
      try {
        await task(next.value, i);
      } catch (error) {
        failure ??= error;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure !== null) throw failure;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
