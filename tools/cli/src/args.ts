/**
 * Walks a command's arguments: `handle` gets each one and `value()`, which takes the next
 * argument as the option's value (or throws "--x needs a value").
 */
export function eachArgument(argv: readonly string[], handle: (arg: string, value: () => string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    handle(arg, () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    });
  }
}
