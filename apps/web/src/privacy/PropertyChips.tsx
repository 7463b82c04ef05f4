import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import styles from './PrivacyScreen.module.css';

type Props = {
  value: readonly string[];
  onChange(next: string[]): void;
  /** The issue with the whole list (too many names), if any. */
  error?: string | undefined;
  /** Issues with single names, by their position in the list. */
  itemErrors?: readonly (string | undefined)[];
};

/**
 * The personal property names as removable chips, and a field to add one (Enter or "Add").
 * Every chip's remove button is a real button, so the list is usable by keyboard alone.
 */
export function PropertyChips({ value, onChange, error, itemErrors = [] }: Props) {
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const inputId = useId();
  const noteId = useId();
  const input = useRef<HTMLInputElement>(null);

  const add = () => {
    const name = draft.trim();
    if (name === '') return;
    const existing = value.find((item) => item.toLowerCase() === name.toLowerCase());
    if (existing) {
      // Names are compared case-insensitively by the server, so a second spelling adds nothing.
      setNote(`“${existing}” is already in the list.`);
      return;
    }
    onChange([...value, name]);
    setDraft('');
    setNote(null);
  };

  const remove = (index: number) => {
    onChange(value.filter((_, at) => at !== index));
    // The button pressed is gone: keep the keyboard in the list's field rather than at the page's top.
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    // Enter adds the name; it does not save the form.
    event.preventDefault();
    add();
  };

  const issues = value.map((name, index) => ({ name, message: itemErrors[index] })).filter((issue) => issue.message);

  return (
    <div className={styles.chips}>
      {value.length > 0 ? (
        <ul className={styles.chipList} aria-label="Personal properties">
          {value.map((name, index) => (
            <li key={value.indexOf(name) === index ? name : `${name}#${index}`} className={itemErrors[index] ? `${styles.chip} ${styles.chipInvalid}` : styles.chip}>
              <code>{name}</code>
              <button type="button" className={styles.chipRemove} aria-label={`Remove ${name}`} onClick={() => remove(index)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No property is left out.</p>
      )}
      <div className={styles.addRow}>
        <label className="field" htmlFor={inputId}>
          <span>Add a property name</span>
        </label>
        <div className={styles.addControls}>
          <input
            id={inputId}
            ref={input}
            value={draft}
            placeholder="e.g. customerId"
            aria-describedby={note ? noteId : undefined}
            onChange={(event) => {
              setDraft(event.target.value);
              setNote(null);
            }}
            onKeyDown={onKeyDown}
          />
          <button type="button" className="button" onClick={add}>
            Add
          </button>
        </div>
      </div>
      {note && (
        <p className="field-error" id={noteId} role="status">
          {note}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {issues.map((issue) => (
        <p key={issue.name} className="field-error" role="alert">
          {issue.name}: {issue.message}
        </p>
      ))}
    </div>
  );
}
