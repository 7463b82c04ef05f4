import { useId } from 'react';
import { formatDateTime } from '../../ui/format.ts';
import { EditDialog } from './EditDialog.tsx';
import type { Conflict } from './useSaveDashboard.ts';

type Props = {
  conflict: Conflict;
  pending: boolean;
  onReloadTheirs(): void;
  onSaveCopy(): void;
  /** Escape: back to the draft (it is still unsaved). */
  onDismiss(): void;
};

/** "Someone saved a newer version": what they changed, and the two ways on. */
export function ConflictDialog({ conflict, pending, onReloadTheirs, onSaveCopy, onDismiss }: Props) {
  const { theirs, changes, versions } = conflict;
  const versionsId = useId();
  return (
    <EditDialog
      title="Someone saved a newer version"
      onDismiss={onDismiss}
      actions={
        <>
          <button type="button" className="button" disabled={pending} onClick={onReloadTheirs}>
            Reload theirs
          </button>
          <button type="button" className="button button-primary" disabled={pending} onClick={onSaveCopy}>
            Save mine as a copy
          </button>
        </>
      }
    >
      <p>
        {theirs ? `This dashboard is at version ${theirs.version} now` : 'This dashboard changed'} since you started editing, so your changes were not saved
        over it. Reload theirs (your changes are dropped), or keep yours as your own copy.
      </p>
      {changes.length > 0 && (
        <>
          <h3>What they changed</h3>
          <ul>
            {changes.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {versions.length > 0 && (
        <>
          <h3 id={versionsId}>Their versions</h3>
          <ul aria-labelledby={versionsId}>
            {versions.map((version) => (
              <li key={version.version}>
                Version {version.version}
                {version.createdBy ? ` by ${version.createdBy.name}` : ''}, {formatDateTime(version.createdAt)}: {version.summary}
                {version.note ? ` (“${version.note}”)` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </EditDialog>
  );
}
