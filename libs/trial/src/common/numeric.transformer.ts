import { ValueTransformer } from 'typeorm';

/** pg returns numeric as a string (exact decimal); the API speaks JSON numbers with at most the column's scale. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};
