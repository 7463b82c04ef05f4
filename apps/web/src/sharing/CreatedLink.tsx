import { useRef, useState } from 'react';
import styles from './ShareDialog.module.css';

type CopyState = 'idle' | 'copied' | 'select';

/**
 * A new link's address, shown this once (Pulse keeps only its hash): a Copy button through the
 * clipboard, and where the clipboard is refused (no permission, an http page) the address
 * selected for Ctrl+C.
 */
export function CreatedLink({ url }: { url: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  async function onCopy() {
    try {
      // Absent outside a secure context: the same fallback as a refusal.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      field.current?.focus();
      field.current?.select();
      setCopy('select');
    }
  }

  return (
    <div className={styles.created}>
      <label className="field">
        <span>Public link</span>
        <input ref={field} readOnly value={url} onFocus={(event) => event.target.select()} />
      </label>
      <div className={styles.row}>
        <button type="button" className="button button-primary" onClick={() => void onCopy()}>
          Copy link
        </button>
        <span role="status" className="small">
          {copy === 'copied' && 'Copied.'}
          {copy === 'select' && 'The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.'}
        </span>
      </div>
      <p className="notice small">
        This link is shown only once: Pulse keeps no copy of it. Copy it now; anyone who has it sees this dashboard, live and read-only, until you
        revoke it.
      </p>
    </div>
  );
}
