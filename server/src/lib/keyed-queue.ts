/**
 * Runs work one at a time per key, in the order it was asked for; different keys run side by side.
 * A failure is passed to its caller and does not stop the work queued after it.
 */
export function createKeyedQueue<K>() {
  const tails = new Map<K, Promise<unknown>>();
  return function exclusively<T>(key: K, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    // The last in line clears its key, so idle keys hold no memory.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
