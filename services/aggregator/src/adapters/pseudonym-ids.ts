import { Pseudonymizer, resolvePseudonymKey } from '@demand/pseudonyms';
import type { AggregatorConfig } from '../config.js';
import type { StoredIdsOf } from '../domain/user-privacy.js';

class PseudonymKeyMissing extends Error {
  readonly code = 'FAILED_PRECONDITION';
}

/**
 * A user's ids as stored: the pseudonym under the preprocessor's key (read when first needed:
 * in local mode the preprocessor may create the key file after this service starts) and the
 * raw id, in case rows were stored before pseudonymisation.
 */
export function storedIdsOf(source: AggregatorConfig['pseudonymKey']): StoredIdsOf {
  let pseudonymizer: Pseudonymizer | undefined;
  return (userId) => {
    if (source.kind === 'missing') {
      throw new PseudonymKeyMissing(
        "the aggregator has no PRIVACY_PSEUDONYM_KEY (the preprocessor's), so it cannot find the user's rows",
      );
    }
    pseudonymizer ??= new Pseudonymizer(resolvePseudonymKey(source), 1_000);
    return [pseudonymizer.pseudonymOf(userId), userId];
  };
}
