/** A dashboard without widgets: what would fill it, and what to do meanwhile. */
export function EmptyDashboard({ canEdit }: { canEdit: boolean }) {
  return (
    <div className="card empty" role="status">
      <p className="empty-title">This dashboard has no widgets yet.</p>
      {canEdit ? (
        <p>Press Edit above, then Add widget: pick one of the ten widget types, place it, and Save.</p>
      ) : (
        <p>Whoever may edit it can add widgets. Meanwhile, pick another dashboard above: your role&apos;s default one has widgets.</p>
      )}
    </div>
  );
}
