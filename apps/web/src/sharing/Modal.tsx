import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import styles from './Modal.module.css';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

type Props = {
  title: string;
  onClose(): void;
  children: ReactNode;
};

/**
 * A modal dialog (role=dialog, aria-modal): focus moves into it when it opens and cannot
 * leave it with Tab, Escape or the close button closes it, and focus goes back to what opened
 * it. Not a native <dialog>: jsdom, where the screens are tested, has no showModal.
 */
export function Modal({ title, onClose, children }: Props) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // The opener (the Share button): focused again when the dialog goes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => opener?.focus();
  }, []);

  // On the document, so that a focus lost to the page (a button that disabled itself) is still
  // caught: Escape closes, Tab comes back into the dialog.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // An Escape that something inside already answered (cancelling a question in the dialog) is not for the dialog.
      if (event.key === 'Escape') return event.defaultPrevented ? undefined : onClose();
      const root = panel.current;
      if (event.key !== 'Tab' || !root) return;
      const focusable = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      const inside = root.contains(document.activeElement);
      if (!inside || (event.shiftKey && document.activeElement === first)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <div className={styles.backdrop} onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={panel} className={`card ${styles.panel}`} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <header className={styles.header}>
          <h2 id={titleId} className={styles.title}>
            {title}
          </h2>
          <button type="button" className="button button-quiet" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
