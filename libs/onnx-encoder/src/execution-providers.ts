/**
 * The provider lists to try, best first: each step drops the first accelerator left, and the last
 * step is plain CPU (ONNX Runtime runs on CPU whatever an accelerator cannot, so CPU always ends
 * a list). ['cuda','cpu'] → [['cuda','cpu'], ['cpu']].
 */
export function providerFallbackChain(requested: readonly string[]): string[][] {
  const accelerators = [...new Set(requested.filter((provider) => provider !== 'cpu'))];
  const chain = accelerators.map((_, skip) => [...accelerators.slice(skip), 'cpu']);
  chain.push(['cpu']);
  return chain;
}
