import { useId } from 'react';
/** Messages by field path ("name", "thresholds.0.value"); "" holds those of no field. */
export type FieldIssues = Record<string, string[]>;

type Props = {
  label: string;
  /** The field's path in the rule ("name", "thresholds.0.value"): its issues show under it. */
  field: string;
  issues: FieldIssues;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  narrow?: boolean;
};

/** A text input with its label, and the issues of its field under it (outside the label, so its name stays short). */
export function TextField({ label, field, issues, value, onChange, placeholder, inputMode, narrow = false }: Props) {
  const errorId = useId();
  const messages = issues[field];
  const invalid = messages !== undefined && messages.length > 0;
  return (
    <div className={narrow ? 'field-wrap field-narrow' : 'field-wrap'}>
      <label className="field">
        <span>{label}</span>
        <input
          value={value}
          placeholder={placeholder}
          inputMode={inputMode}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
      {invalid && (
        <span className="field-error" id={errorId}>
          {messages.join('; ')}
        </span>
      )}
    </div>
  );
}
