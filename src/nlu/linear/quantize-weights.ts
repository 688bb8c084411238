/** Weights stored as one byte each with a float scale per feature row. */
export interface QuantizedWeights {
  readonly scales: Float32Array;
  readonly codes: Int8Array;
}

/** Quantizes a feature-major matrix (`rows × columns`) to int8 with one symmetric scale per row. */
export function quantizeWeights(weights: Float32Array, rows: number, columns: number): QuantizedWeights {
  const scales = new Float32Array(rows);
  const codes = new Int8Array(rows * columns);
  for (let r = 0; r < rows; r += 1) {
    const start = r * columns;
    let max = 0;
    for (let c = 0; c < columns; c += 1) max = Math.max(max, Math.abs(weights[start + c] ?? 0));
    if (max === 0) continue;
    const scale = max / 127;
    scales[r] = scale;
    for (let c = 0; c < columns; c += 1) codes[start + c] = Math.round((weights[start + c] ?? 0) / scale);
  }
  return { scales, codes };
}

/** The float matrix a {@link QuantizedWeights} stands for. */
export function dequantizeWeights(quantized: QuantizedWeights, columns: number): Float32Array {
  const { scales, codes } = quantized;
  const weights = new Float32Array(codes.length);
  for (let r = 0; r < scales.length; r += 1) {
    const scale = scales[r] ?? 0;
    if (scale === 0) continue;
    const start = r * columns;
    for (let c = 0; c < columns; c += 1) weights[start + c] = (codes[start + c] ?? 0) * scale;
  }
  return weights;
}
