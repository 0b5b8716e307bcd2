/** The encoder's content vectors of catalog items (the embedder writes them to the vector store). */
export interface ItemVectors {
  /** The vectors the store holds for these items; items without one are absent from the map. */
  vectors(itemIds: readonly string[]): Promise<Map<string, Float32Array>>;
}
