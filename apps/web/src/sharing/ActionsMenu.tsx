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
 * a click elsewhere closes it and focus returns to the button). The list is fixed below the
 * button, so a widget card that scrolls its content does not clip it; scrolling closes it.
 */
export function ActionsMenu({ label, text = '⋯', actions }: Props) {
  const [place, setPlace] = useState<{ top: number; right: number } | null>(null);
  const open = place !== null;
  const setOpen = (shown: boolean) => {
    const rect = button.current?.getBoundingClientRect();
    setPlace(shown && rect ? { top: rect.bottom + 4, right: document.documentElement.clientWidth - rect.right } : null);
  };
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setPlace(null);
    };
    const close = () => setPlace(null);
    document.addEventListener('pointerdown', closeOutside);
    window.addEventListener('scroll', close, true);
    window.addEventListener('resize', close);
    return () => {
      document.removeEventListener('pointerdown', closeOutside);
      window.removeEventListener('scroll', close, true);
      window.removeEventListener('resize', close);
    };
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    setOpen(false);
    button.current?.focus();
  }

  return (
    <div ref={root} className={styles.menu} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className={`button button-quiet ${styles.trigger}`} aria-label={label} aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        {text}
      </button>
      {place && (
        <ul id={listId} className={`card ${styles.list}`} style={place}>
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
