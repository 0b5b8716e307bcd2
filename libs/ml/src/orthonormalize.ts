/** Modified Gram–Schmidt on the columns of a row-major `rows × width` matrix (in place). */
export function orthonormalizeColumns(matrix: Float64Array, rows: number, width: number): Float64Array {
  const columns = Array.from({ length: width }, (_, j) =>
    Float64Array.from({ length: rows }, (_, r) => matrix[r * width + j] as number),
  );
  columns.forEach((column, j) => {
    for (let p = 0; p < j; p++) {
      const previous = columns[p] as Float64Array;
      let projection = 0;
      for (let r = 0; r < rows; r++) projection += (column[r] as number) * (previous[r] as number);
      for (let r = 0; r < rows; r++) column[r] = (column[r] as number) - projection * (previous[r] as number);
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += (column[r] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < rows; r++) column[r] = norm > 1e-12 ? (column[r] as number) / norm : 0;
  });
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < width; j++) matrix[r * width + j] = (columns[j] as Float64Array)[r] as number;
  return matrix;
}
