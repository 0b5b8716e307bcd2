/** The CLI's IO with stdout and stderr captured as text and an empty stdin, for tests. */
export function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      readStdin: async () => '',
    },
  };
}
