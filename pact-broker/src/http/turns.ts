// Long synchronous work in one request (parsing and hashing thousands of contracts) hands the event loop back in
// turns, so the server keeps answering other requests meanwhile.

/**
 * A checkpoint to await between units of work: it yields one macrotask turn (setImmediate) once the work has run
 * for `budgetMs` since the last turn, and is free otherwise.
 */
export function turns(budgetMs = 5): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}
