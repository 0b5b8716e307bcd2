/** For tests: polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<R>(
  what: string,
  check: () => R | undefined | Promise<R | undefined>,
  timeoutMs = 20_000,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
