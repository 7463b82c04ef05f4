import { useEffect, useRef } from 'react';

type Props = {
  version: number;
  /** The dashboard's version now (the restored content becomes the next one). */
  current: number | undefined;
  pending: boolean;
  error: string | null;
  onConfirm(): void;
  onCancel(): void;
};

/** The question before a restore, in place of its button; the focus goes to it, Escape cancels. */
export function RestoreConfirm({ version, current, pending, error, onConfirm, onCancel }: Props) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), []);
  return (
    <div
      role="group"
      aria-label={`Restore version ${version}?`}
      className="banner"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // Answered here: a dialog around the history stays open.
        event.preventDefault();
        onCancel();
      }}
    >
      <p>
        Restore version {version}? Its widgets and layout become {current === undefined ? 'a new version' : `version ${current + 1}`}; the versions in between stay
        in the history.
      </p>
      {error && (
        <p className="form-error" role="alert">
          The restore failed: {error}
        </p>
      )}
      <div className="button-row">
        <button ref={confirmButton} type="button" className="button button-primary" disabled={pending} onClick={onConfirm}>
          {pending ? 'Restoring…' : 'Restore'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
