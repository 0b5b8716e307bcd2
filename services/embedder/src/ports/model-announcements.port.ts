import type { ModelPublished } from '@demand/contracts';

/** Where the embedder announces model versions it published (models.published.v1). */
export interface ModelAnnouncements {
  /** Resolves once the announcement is durably published. */
  announce(message: ModelPublished): Promise<void>;
}
