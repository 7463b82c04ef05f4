import { useState } from 'react';
import { ingestExample } from './ingest-example.ts';
import styles from './EmptyFeed.module.css';

/** No events yet: how to send the first one, ready to copy. */
export function EmptyFeed({ organizationSlug }: { organizationSlug: string }) {
  const command = ingestExample(window.location.origin, organizationSlug);
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator.clipboard?.writeText === 'function';
  return (
    <div className="empty">
      <p className="empty-title">No events yet — send one with curl:</p>
      <pre className={styles.code} tabIndex={0} aria-label="Example ingest command">
        <code>{command}</code>
      </pre>
      <div className={styles.actions}>
        {canCopy && (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              navigator.clipboard.writeText(command).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {copied ? 'Copied' : 'Copy command'}
          </button>
        )}
        <p className={styles.hint}>
          It shows up here the moment it is stored, without reloading. <code>pk_demo_…</code> is the demo ingest key; use your
          organization&apos;s own key outside demo mode.
        </p>
      </div>
    </div>
  );
}
