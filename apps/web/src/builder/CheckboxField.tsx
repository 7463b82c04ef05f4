import { useId } from 'react';
import type { ComponentPropsWithRef } from 'react';

type Props = Omit<ComponentPropsWithRef<'input'>, 'type' | 'aria-invalid' | 'aria-describedby'> & { label: string; error?: string | undefined };

/** A checkbox with its label, and its issue beside it (a form library's `register(...)` fits). */
export function CheckboxField({ label, error, ...input }: Props) {
  const errorId = useId();
  const invalid = error !== undefined && error !== '';
  return (
    <div className="field-wrap">
      <label className="inline-field">
        <input type="checkbox" {...input} aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined} />
        <span>{label}</span>
      </label>
      {invalid && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
