import type { CatalogTermsSnapshot } from '../domain/catalog-terms.js';

/** Keeps the catalog's vocabulary across restarts (the vector store cannot list payloads). */
export interface CatalogTermsStore {
  /** The saved terms, or undefined when nothing was saved yet. */
  load(): Promise<CatalogTermsSnapshot | undefined>;
  save(snapshot: CatalogTermsSnapshot): Promise<void>;
}
