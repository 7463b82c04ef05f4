/** A dashboard without widgets: what would fill it, and what to do meanwhile. */
export function EmptyDashboard() {
  return (
    <div className="card empty" role="status">
      <p className="empty-title">This dashboard has no widgets yet.</p>
      <p>
        Widgets are saved with the dashboard: add them to its <code>widgetPreferences</code> and place them in its <code>layoutConfig</code> with{' '}
        <code>dashboards.update</code> (see docs/api.md); the drag-and-drop editor comes later. Meanwhile, pick another dashboard above: your
        role&apos;s default one has widgets.
      </p>
    </div>
  );
}
