/** What `run` returns, or the class and message of what it throws: two outcomes compare with `deepStrictEqual`. */
export function outcome(run: () => unknown): { value: unknown } | { error: unknown; message: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).constructor, message: (error as Error).message };
  }
}
