import { Converter, ConverterFactory, Locale } from 'opencc-js/t2cn';

/**
 * Traditional → simplified Chinese with Taiwan phrase conversion (螢幕→屏幕, 軟體→软件)
 * and Hong Kong variant characters (衞→卫). Built once on first use (≈50 ms).
 * Text without a single traditional or variant character skips the converter: most input
 * is simplified already and conversion is the costliest normalisation step.
 */

type Convert = (text: string) => string;

interface Script {
  convert: Convert;
  convertible: ReadonlySet<string>;
}

const HAN = /[\u3400-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
let script: Script | undefined;

function buildScript(): Script {
  const taiwan = Converter({ from: 'twp', to: 'cn' });
  const hongKongVariants = ConverterFactory(Locale.from.hk[0]!);
  return {
    convert: (text) => taiwan(hongKongVariants(text)),
    convertible: singleCharacterSources([...Locale.from.twp, ...Locale.from.hk, ...Locale.to.cn]),
  };
}

/** Every character that some dictionary maps to a different one. */
function singleCharacterSources(groups: readonly (readonly unknown[])[]): Set<string> {
  const sources = new Set<string>();
  for (const group of groups) {
    for (const dictionary of group) {
      const entries =
        typeof dictionary === 'string' ? dictionary.split('|').map((e) => e.split(' ')) : (dictionary as string[][]);
      for (const [source, target] of entries) {
        if (source && source !== target && [...source].length === 1) sources.add(source);
      }
    }
  }
  return sources;
}

export function toSimplifiedChinese(text: string): string {
  if (!HAN.test(text)) return text;
  script ??= buildScript();
  for (const ch of text) {
    if (script.convertible.has(ch)) return script.convert(text);
  }
  return text;
}
