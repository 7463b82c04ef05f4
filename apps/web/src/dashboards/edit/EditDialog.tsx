import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import styles from './DashboardEditor.module.css';

type Props = {
  title: string;
  children: ReactNode;
  /** The dialog's buttons; the first one gets focus when it opens. */
  actions: ReactNode;
  /** Escape: the choice that changes nothing. */
  onDismiss(): void;
};

/**
 * A modal question edit mode asks (unsaved changes, someone else's save). An alert dialog:
 * focus moves to its first button, Escape dismisses it, and focus goes back where it was.
 */
export function EditDialog({ title, children, actions, onDismiss }: Props) {
  const titleId = useId();
  const bodyId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    box.current?.querySelector('button')?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);
  return (
    <div className={styles.backdrop}>
      <div
        ref={box}
        className={`card ${styles.dialog}`}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          onDismiss();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId}>{children}</div>
        <div className="button-row">{actions}</div>
      </div>
    </div>
  );
}
