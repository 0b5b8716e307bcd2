export const integer = (n: number | undefined) => Math.round(n ?? 0).toLocaleString('en');
export const decimal = (n: number | undefined, digits = 2) => (n ?? 0).toFixed(digits);
export const percent = (share: number | undefined) => `${((share ?? 0) * 100).toFixed(1)}%`;

const palette = [
  '#5b8def',
  '#e8684a',
  '#5ad8a6',
  '#f6bd16',
  '#9270ca',
  '#ff9d4d',
  '#269a99',
  '#ff99c3',
  '#6dc8ec',
  '#a0a0a0',
];
export const segmentColour = (id: number) => palette[id % palette.length]!;
