export type Choice<T extends string> = T | { value: T; label: string };

type Props<T extends string> = {
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
  className?: string;
};

/** A labelled <select> over a fixed list of values (a plain string is its own label). */
export function SelectField<T extends string>({ label, value, choices, onChange, className = 'field' }: Props<T>) {
  return (
    <label className={className}>
      <span>{label}</span>
      {/* The value is always one of `choices`, which are T. */}
      <select value={value} onChange={(event) => onChange(event.target.value as T)}>
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
}
