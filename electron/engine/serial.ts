/**
 * Runs async work one piece at a time, in arrival order. The engine's short requests share one DuckDB
 * connection, and a connection runs one statement at a time: a page request arriving while a table list is
 * half-read must wait its turn rather than interleave statements on the same connection.
 */
export type SerialQueue = <T>(work: () => Promise<T>) => Promise<T>;

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}
