/** One file of a published model, as recorded in its manifest. */
export interface ModelFile {
  /** Relative path inside the version, e.g. "weights.json" or "onnx/model.onnx". */
  name: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
}

/** A published, immutable model version. */
export interface ModelVersion {
  name: string;
  /** Monotonic per model name, starting at 1 (stored as a zero-padded directory, e.g. 000003). */
  version: number;
  /** ISO-8601 time of publication. */
  createdAt: string;
  /** Whatever the publisher recorded: training metrics, data window, feature set, code version… */
  metadata: Record<string, unknown>;
  files: ModelFile[];
}

/** What a trainer hands over: the files of the model and JSON-serialisable metadata. */
export interface ModelArtifact {
  /** Strings are stored as UTF-8. */
  files: Record<string, Uint8Array | string>;
  metadata: Record<string, unknown>;
}

export interface WatchOptions {
  /** How often to look for new versions. Default 1000 ms. */
  intervalMs?: number;
  /** Failures while polling or inside `onPublished`; default: a process warning. Polling goes on. */
  onError?: (error: unknown) => void;
}

export interface ModelWatch {
  /** No callback starts after stop() returns. */
  stop(): void;
}

/**
 * Port: versioned model artifacts. Versions are immutable once published and become visible
 * whole (never half-written). A champion pointer per model name records the version that
 * serves; the newest version is the challenger until promoted.
 */
export interface ModelStore {
  /** Stores a new version with the next version number and returns its manifest. */
  publish(name: string, artifact: ModelArtifact): Promise<ModelVersion>;
  /** The newest complete version, or undefined when none was published yet. */
  latest(name: string): Promise<ModelVersion | undefined>;
  /** A given version; throws NOT_FOUND when it does not exist. */
  get(name: string, version: number): Promise<ModelVersion>;
  /** All complete versions, oldest first. */
  list(name: string): Promise<ModelVersion[]>;
  /** One file's bytes, checked against the manifest (throws CORRUPT_ARTIFACT on mismatch). */
  readFile(version: ModelVersion, file: string): Promise<Uint8Array>;
  /** Checks every file of a version against its manifest (before loading from a path). */
  verify(version: ModelVersion): Promise<void>;
  /** A local directory holding the version's files, for runtimes that load from a path. */
  directoryOf(version: ModelVersion): string;
  /**
   * Calls `onPublished` for each version published after watch() was called — by this or any
   * other process — in increasing order; never for a version older than one already announced.
   */
  watch(name: string, onPublished: (version: ModelVersion) => void | Promise<void>, options?: WatchOptions): ModelWatch;
  /** Points the champion at an existing version (atomic replace) and returns that version. */
  promote(name: string, version: number): Promise<ModelVersion>;
  /** The promoted version, or undefined when no version was promoted yet. */
  champion(name: string): Promise<ModelVersion | undefined>;
}
