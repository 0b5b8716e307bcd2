/**
 * A character trie over normalised terms with leftmost-longest, non-overlapping matching.
 * Latin words and digit runs are never cut: "apple" does not match inside "pineapple", "128gb"
 * does not match inside "1128gb", but "mate" matches in "mate60" (letters next to digits).
 */

interface TrieNode<T> {
  children: Map<number, TrieNode<T>>;
  values: T[] | undefined;
}

export interface TermMatch<T> {
  start: number;
  end: number;
  values: readonly T[];
}

enum CharClass {
  Other,
  Letter,
  Digit,
}

function classAt(text: string, index: number): CharClass {
  if (index < 0 || index >= text.length) return CharClass.Other;
  const c = text.charCodeAt(index);
  if (c >= 48 && c <= 57) return CharClass.Digit;
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return CharClass.Letter;
  if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) return CharClass.Letter;
  return CharClass.Other;
}

export class TermTrie<T> {
  private readonly root: TrieNode<T> = { children: new Map(), values: undefined };
  private termCount = 0;

  get size(): number {
    return this.termCount;
  }

  add(term: string, value: T): void {
    if (term.length === 0) return;
    let node = this.root;
    for (let i = 0; i < term.length; i++) {
      const code = term.charCodeAt(i);
      let next = node.children.get(code);
      if (!next) {
        next = { children: new Map(), values: undefined };
        node.children.set(code, next);
      }
      node = next;
    }
    if (!node.values) {
      node.values = [];
      this.termCount++;
    }
    node.values.push(value);
  }

  /** Longest term starting at `start` that does not cut a Latin word or a digit run. */
  longestMatchAt(text: string, start: number): TermMatch<T> | undefined {
    const startClass = classAt(text, start);
    if (startClass !== CharClass.Other && classAt(text, start - 1) === startClass) return undefined;
    let node: TrieNode<T> | undefined = this.root;
    let best: TermMatch<T> | undefined;
    for (let i = start; i < text.length; i++) {
      node = node.children.get(text.charCodeAt(i));
      if (!node) break;
      if (node.values) {
        const endClass = classAt(text, i);
        if (endClass === CharClass.Other || classAt(text, i + 1) !== endClass) {
          best = { start, end: i + 1, values: node.values };
        }
      }
    }
    return best;
  }

  findAll(text: string): TermMatch<T>[] {
    const matches: TermMatch<T>[] = [];
    if (this.termCount === 0) return matches;
    for (let i = 0; i < text.length; ) {
      const match = this.root.children.has(text.charCodeAt(i)) ? this.longestMatchAt(text, i) : undefined;
      if (match) {
        matches.push(match);
        i = match.end;
      } else {
        i++;
      }
    }
    return matches;
  }
}
