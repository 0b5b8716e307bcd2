import { TokenizerError } from './errors.js';
import type { TokenizerJson } from './tokenizer-json.js';

/** The single-sequence template: special ids around the sequence, each with its type id. */
export interface SingleTemplate {
  prefixIds: number[];
  prefixTypeIds: number[];
  sequenceTypeId: number;
  suffixIds: number[];
  suffixTypeIds: number[];
}

export const NO_TEMPLATE: SingleTemplate = {
  prefixIds: [],
  prefixTypeIds: [],
  sequenceTypeId: 0,
  suffixIds: [],
  suffixTypeIds: [],
};

export function compileSingleTemplate(postProcessor: TokenizerJson['post_processor']): SingleTemplate {
  if (postProcessor === null) return NO_TEMPLATE;
  if (postProcessor.type === 'BertProcessing') {
    return {
      prefixIds: [postProcessor.cls[1]],
      prefixTypeIds: [0],
      sequenceTypeId: 0,
      suffixIds: [postProcessor.sep[1]],
      suffixTypeIds: [0],
    };
  }
  const template: SingleTemplate = {
    prefixIds: [],
    prefixTypeIds: [],
    sequenceTypeId: 0,
    suffixIds: [],
    suffixTypeIds: [],
  };
  let seenSequence = false;
  for (const piece of postProcessor.single) {
    if ('Sequence' in piece) {
      if (piece.Sequence.id !== 'A' || seenSequence)
        throw invalid('the single template must hold sequence $A exactly once');
      seenSequence = true;
      template.sequenceTypeId = piece.Sequence.type_id;
      continue;
    }
    const special = postProcessor.special_tokens[piece.SpecialToken.id];
    if (!special)
      throw invalid(`template special token ${JSON.stringify(piece.SpecialToken.id)} is missing from special_tokens`);
    const ids = seenSequence ? template.suffixIds : template.prefixIds;
    const typeIds = seenSequence ? template.suffixTypeIds : template.prefixTypeIds;
    for (const id of special.ids) {
      ids.push(id);
      typeIds.push(piece.SpecialToken.type_id);
    }
  }
  if (!seenSequence) throw invalid('the single template has no $A sequence');
  return template;
}

export function specialTokenCount(template: SingleTemplate): number {
  return template.prefixIds.length + template.suffixIds.length;
}

function invalid(message: string): TokenizerError {
  return new TokenizerError('INVALID_TOKENIZER_JSON', `post_processor: ${message}`);
}
