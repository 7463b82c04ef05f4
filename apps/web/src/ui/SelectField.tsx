import { useId } from 'react';

export type Choice<T extends string> = T | { value: T; label: string };

type Props<T extends string> = {
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
  className?: string;
  /**
   * What is wrong with the value and a hint about it, under the select. A form that may have
   * either passes the props even while undefined: the field keeps its structure (and focus)
   * when an issue comes and goes.
   */
  error?: string | undefined;
  hint?: string | undefined;
};

/** A labelled <select> over a fixed list of values (a plain string is its own label). */
export function SelectField<T extends string>(props: Props<T>) {
  const { label, value, choices, onChange, className = 'field', error, hint } = props;
  const errorId = useId();
  const hintId = useId();
  const invalid = error !== undefined && error !== '';
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ');
  const select = (
    <label className={className}>
      <span>{label}</span>
      {/* The value is always one of `choices`, which are T. */}
      <select value={value} onChange={(event) => onChange(event.target.value as T)} aria-invalid={invalid || undefined} aria-describedby={describedBy || undefined}>
        {choices.map((choice) => {
          const { value: optionValue, label: optionLabel } = typeof choice === 'string' ? { value: choice, label: choice } : choice;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
    </label>
  );
  if (!('error' in props) && !('hint' in props)) return select;
  return (
    <div className="field-wrap">
      {select}
      {hint && (
        <span className="muted small" id={hintId}>
          {hint}
        </span>
      )}
      {invalid && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
