// The DEV-only tools' shared start: the shop's encoder trained once as the service does, and the DEV texts' vectors.
import { trainBootstrapModels, type DomainEncoderOptions, type TrainingCorpus } from '@demand/embedder/training';
import { openQuietly } from './quiet-encoder.js';
import { type UnseenSet, vectorsOf } from './unseen-scores.js';

/**
 * Trains the encoder on the corpus (the heads this fits as well are not used) and encodes the DEV reviews and
 * customer turns with it; the files let each split seed's heads be retrained on the same encoder. `options`
 * override the service's encoder options (a DEV try).
 */
export async function devEncoder(
  corpus: TrainingCorpus,
  dev: Pick<UnseenSet, 'reviews' | 'turns'>,
  seed: number,
  options: Partial<DomainEncoderOptions> = {},
) {
  const first = await trainBootstrapModels(corpus, { train: true, options }, openQuietly, { seed });
  const trained = first.encoder!;
  const files = { model: trained.model, tokenizerJson: JSON.parse(trained.tokenizerText), config: trained.config };
  const encoder = await openQuietly(files);
  const vectors = await vectorsOf(
    encoder,
    [...dev.reviews, ...dev.turns].map((t) => t.text),
  );
  await encoder.close();
  return { files, vectors };
}
