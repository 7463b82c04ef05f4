import { useId } from 'react';
import type { ComponentPropsWithRef } from 'react';

type Props = Omit<ComponentPropsWithRef<'input'>, 'className' | 'aria-invalid' | 'aria-describedby'> & {
  label: string;
  /** What is wrong with the value, shown under the field; absent when nothing is. */
  error?: string | undefined;
  narrow?: boolean;
};

/**
 * A text input with its label, and its issue under it (outside the label, so its name stays
 * short). The rest of the props go to the input: a form library's `register(...)` fits.
 */
export function TextField({ label, error, narrow = false, ...input }: Props) {
  const errorId = useId();
  const invalid = error !== undefined && error !== '';
  return (
    <div className={narrow ? 'field-wrap field-narrow' : 'field-wrap'}>
      <label className="field">
        <span>{label}</span>
        <input {...input} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined} />
      </label>
      {invalid && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
