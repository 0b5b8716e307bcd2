import type { ModelStore } from '@demand/model-store';
import type { SegmentModelJSON, UserSegment } from '@demand/segments';
import type { SegmentationVersion } from '../domain/profiles.js';
import type { SegmentationStore } from '../ports/segmentation-store.port.js';

const MODEL_FILE = 'model.json';
const ASSIGNMENTS_FILE = 'assignments.json';

/** Segmentations as versions of one model name in `@demand/model-store` (the model and its users' segments). */
export class ModelStoreSegmentations implements SegmentationStore {
  constructor(
    private readonly store: ModelStore,
    private readonly name = 'segments',
  ) {}

  async latest(): Promise<SegmentationVersion | undefined> {
    const version = await this.store.latest(this.name);
    if (!version) return undefined;
    const json = async <T>(file: string) =>
      JSON.parse(new TextDecoder().decode(await this.store.readFile(version, file))) as T;
    return {
      version: version.version,
      fittedAt: Number(version.metadata.fittedAt ?? Date.parse(version.createdAt)),
      model: await json<SegmentModelJSON>(MODEL_FILE),
      assignments: await json<UserSegment[]>(ASSIGNMENTS_FILE),
    };
  }

  async save(fit: Omit<SegmentationVersion, 'version'>): Promise<number> {
    const saved = await this.store.publish(this.name, {
      files: { [MODEL_FILE]: JSON.stringify(fit.model), [ASSIGNMENTS_FILE]: JSON.stringify(fit.assignments) },
      metadata: {
        fittedAt: fit.fittedAt,
        k: fit.model.segments.length,
        silhouette: fit.model.silhouette,
        users: fit.assignments.length,
      },
    });
    return saved.version;
  }
}
