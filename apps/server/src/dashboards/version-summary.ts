import type { DashboardContent, Widget } from '@pulse/api-contract/schemas';

/** JSON with object keys sorted: jsonb does not keep the order they were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export const sameJson = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

const MAX_NAMED = 3;

function widgets(verb: string, list: Widget[]): string {
  const names = list.slice(0, MAX_NAMED).map((widget) => `"${widget.title}"`);
  const more = list.length > MAX_NAMED ? ` and ${list.length - MAX_NAMED} more` : '';
  return `${list.length} widget${list.length === 1 ? '' : 's'} ${verb}: ${names.join(', ')}${more}`;
}

const audience = (content: DashboardContent) => (content.visibility === 'role' ? `role ${content.role}` : content.visibility);

/** What changed from one version to the next, in words a version list can show. */
export function summarizeChange(previous: DashboardContent, next: DashboardContent): string {
  const changes: string[] = [];
  if (previous.name !== next.name) changes.push(`renamed to "${next.name}"`);
  if (audience(previous) !== audience(next)) changes.push(`visibility ${audience(previous)} → ${audience(next)}`);
  const before = new Map(previous.widgetPreferences.map((widget) => [widget.id, widget]));
  const after = new Map(next.widgetPreferences.map((widget) => [widget.id, widget]));
  const added = next.widgetPreferences.filter((widget) => !before.has(widget.id));
  const removed = previous.widgetPreferences.filter((widget) => !after.has(widget.id));
  const changed = next.widgetPreferences.filter((widget) => {
    const old = before.get(widget.id);
    return old !== undefined && !sameJson(old, widget);
  });
  if (added.length > 0) changes.push(widgets('added', added));
  if (removed.length > 0) changes.push(widgets('removed', removed));
  if (changed.length > 0) changes.push(widgets('changed', changed));
  if (!sameJson(previous.layoutConfig, next.layoutConfig)) changes.push('layout changed');
  if (!sameJson(previous.themeSettings, next.themeSettings)) changes.push('theme changed');
  return changes.length > 0 ? changes.join('; ') : 'no change';
}
