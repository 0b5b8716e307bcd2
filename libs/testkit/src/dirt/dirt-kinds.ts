export type DirtKind =
  | 'missing_item_id'
  | 'negative_price'
  | 'absurd_price'
  | 'zero_quantity'
  | 'absurd_quantity'
  | 'future_timestamp'
  | 'invalid_rating'
  | 'pii_phone'
  | 'pii_email'
  | 'pii_id_card'
  | 'pii_bank_card'
  | 'pii_address'
  | 'html_markup'
  | 'sql_snippet'
  | 'huge_text';

export const DIRT_KINDS: readonly DirtKind[] = [
  'missing_item_id',
  'negative_price',
  'absurd_price',
  'zero_quantity',
  'absurd_quantity',
  'future_timestamp',
  'invalid_rating',
  'pii_phone',
  'pii_email',
  'pii_id_card',
  'pii_bank_card',
  'pii_address',
  'html_markup',
  'sql_snippet',
  'huge_text',
];

/** Kinds of personal data, named as the platform's PII masker names them. */
export type PiiKind = 'phone' | 'email' | 'id' | 'card' | 'address';

/**
 * What the platform should do with a dirty record:
 * - reject: the collector refuses it (INVALID_ARGUMENT / DLQ) naming `field`;
 * - mask: accepted, but the PII in `field` is masked before anything stores it;
 * - strip: accepted, markup in `field` is stripped by text normalisation;
 * - keep: accepted and stored verbatim as inert text (e.g. an SQL snippet must not be executed).
 */
export type DirtExpectation = 'reject' | 'mask' | 'strip' | 'keep';

export interface DirtyLabel {
  kind: DirtKind;
  expect: DirtExpectation;
  /** Contract field that trips, snake_case as in validation errors: `purchase.unit_price`, `occurred_at`. */
  field: string;
  pii?: PiiKind;
}

export const PII_OF: Partial<Record<DirtKind, PiiKind>> = {
  pii_phone: 'phone',
  pii_email: 'email',
  pii_id_card: 'id',
  pii_bank_card: 'card',
  pii_address: 'address',
};

export function expectationOf(kind: DirtKind): DirtExpectation {
  if (PII_OF[kind]) return 'mask';
  if (kind === 'html_markup') return 'strip';
  if (kind === 'sql_snippet') return 'keep';
  return 'reject';
}
