/**
 * A queue that runs the tasks given to it one after another: each starts once the previous one
 * has settled (a failure does not stop the queue; the caller of that task sees it). For
 * read-modify-write of shared storage and for syncs that must not overlap.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
