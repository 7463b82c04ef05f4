import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import styles from './ActionsMenu.module.css';

export type MenuAction = { label: string; onSelect(): void };

type Props = {
  /** The button's accessible name ("Actions for Active users"). */
  label: string;
  /** What the button shows; ⋯ unless given. */
  text?: string;
  actions: readonly MenuAction[];
};

/**
 * A button that opens a short list of actions (a disclosure: Tab moves through them, Escape or
 * a click elsewhere closes it and focus returns to the button).
 */
export function ActionsMenu({ label, text = '⋯', actions }: Props) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    setOpen(false);
    button.current?.focus();
  }

  return (
    <div ref={root} className={styles.menu} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className={`button button-quiet ${styles.trigger}`} aria-label={label} aria-expanded={open} aria-controls={listId} onClick={() => setOpen((shown) => !shown)}>
        {text}
      </button>
      {open && (
        <ul id={listId} className={`card ${styles.list}`}>
          {actions.map((action) => (
            <li key={action.label}>
              <button
                type="button"
                className={styles.item}
                onClick={() => {
                  setOpen(false);
                  action.onSelect();
                }}
              >
                {action.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
