/** Query terms as a keyword matcher sees them: each Han character, and lower-cased Latin/digit words. */
export function keywordTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/\p{Script=Han}|[\p{L}\p{N}]+/gu)) terms.add(match[0]);
  return terms;
}

/**
 * The naive baseline for search: rank documents by how many of the query's terms they contain
 * (ties in catalog order). Returns a search function giving the indices of the top `k`.
 */
export function keywordSearch(documents: readonly string[]): (query: string, k: number) => number[] {
  const indexed = documents.map((document) => keywordTerms(document));
  return (query, k) => {
    const terms = [...keywordTerms(query)];
    return indexed
      .map((document, index) => ({ index, score: terms.filter((term) => document.has(term)).length }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, k)
      .map((entry) => entry.index);
  };
}
