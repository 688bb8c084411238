/** A counting semaphore: `acquire()` resolves with a `release` once fewer than `limit` holders remain. */
export function createSemaphore(limit: number): () => Promise<() => void> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  return () =>
    new Promise((resolve) => {
      if (active < limit) {
        active++;
        resolve(release);
      } else waiting.push(() => resolve(release));
    });
}
