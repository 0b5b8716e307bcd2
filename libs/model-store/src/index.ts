export type {
  ModelStore,
  ModelVersion,
  ModelFile,
  ModelArtifact,
  ModelWatch,
  WatchOptions,
} from './model-store.port.js';
export { ModelStoreError } from './model-store.error.js';
export type { ModelStoreErrorCode } from './model-store.error.js';
export { DirectoryModelStore } from './directory/directory-model-store.js';
export type { DirectoryModelStoreOptions } from './directory/directory-model-store.js';
export { pollForNewVersions, DEFAULT_WATCH_INTERVAL_MS } from './watch-versions.js';
export { sha256Hex } from './artifact.js';
