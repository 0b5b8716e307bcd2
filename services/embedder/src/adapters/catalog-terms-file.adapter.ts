import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CatalogTermsSnapshot } from '../domain/catalog-terms.js';
import type { CatalogTermsStore } from '../ports/catalog-terms-store.port.js';

/** The catalog's vocabulary as one JSON file, replaced atomically (temporary file + rename). */
export class CatalogTermsFile implements CatalogTermsStore {
  constructor(private readonly path: string) {}

  async load(): Promise<CatalogTermsSnapshot | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const json = JSON.parse(text) as Partial<CatalogTermsSnapshot>;
    if (
      !Array.isArray(json.brands) ||
      !Array.isArray(json.categories) ||
      typeof json.attributeValues !== 'object' ||
      json.attributeValues === null
    ) {
      throw new Error(`${this.path} is not a catalog terms file (brands, categories, attributeValues)`);
    }
    return json as CatalogTermsSnapshot;
  }

  async save(snapshot: CatalogTermsSnapshot): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot), 'utf8');
    await rename(temporary, this.path);
  }
}
