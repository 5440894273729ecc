import type { ValueTransformer } from 'typeorm';

/** pg returns numeric as text; the context works with numbers (prices have at most 4 decimals). */
export const numericTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};
