/** Resolves on the first SIGINT or SIGTERM: long-running commands then stop cleanly. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
