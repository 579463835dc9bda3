/** Thrown by a probe to stop waiting at once: what it waits for will not happen. */
export class StopWaiting extends Error {}

/**
 * Polls `probe` until it returns a value other than undefined; after `timeoutMs` throws with the last error the
 * probe threw (a probe throws to say why it is not there yet). A generous deadline keeps a slow machine from
 * failing the test; a short interval keeps a fast one quick.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
