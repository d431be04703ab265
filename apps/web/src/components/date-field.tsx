import { TextInput, type TextInputProps } from '@mantine/core';
import type { KeyboardEvent } from 'react';

/**
 * A calendar date `YYYY-MM-DD` in the browser's own date field: typed or picked, its calendar is the browser's
 * (it never lies over the next fields and a stray click outside it sets nothing), and the value is ISO.
 */
export function DateField({
  value,
  onValue,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange' | 'type'> & { value: string | null | undefined; onValue(v: string): void }) {
  return (
    <TextInput
      type="date"
      w={220}
      description="YYYY-MM-DD"
      {...props}
      value={value ?? ''}
      onChange={(e) => onValue(e.currentTarget.value)}
    />
  );
}

/** Enter in a one-line field never submits an incomplete form: saving is an explicit click (or Enter on the button). */
export function blockEnterSubmit(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
}
