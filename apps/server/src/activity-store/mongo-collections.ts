import type { ActivityLogCollection } from '@pulse/db/mongo';

// Which of the schema document's collections holds an event. Pulse's own types and the
// document's example types (DASHBOARD_LOAD, NOTIFICATION_CLICKED...) both route, the latter
// also when sent as custom types (`custom.DASHBOARD_LOAD`), since that is how they arrive.
// An event's collection depends on its type alone: a duplicate (same id and time) lands in
// the same collection as the original, where the unique index rejects it.

/** Report access as the document records it: views, downloads, shares, prints. */
const REPORT_ACCESS_TYPES = new Set(['REPORT_VIEW', 'REPORT_DOWNLOAD', 'REPORT_SHARE', 'REPORT_PRINT']);

const CUSTOM_PREFIX = 'custom.';

export function collectionFor(eventType: string): ActivityLogCollection {
  const type = eventType.startsWith(CUSTOM_PREFIX) ? eventType.slice(CUSTOM_PREFIX.length) : eventType;
  if (REPORT_ACCESS_TYPES.has(type)) return 'report_access_logs';
  if (type.startsWith('AI_CHAT_')) return 'ai_chat_session_logs';
  if (type.startsWith('DASHBOARD_') || type.startsWith('WIDGET_')) return 'dashboard_interactions';
  if (type.startsWith('NOTIFICATION_')) return 'notification_interaction_logs';
  // including REPORT_GENERATED: producing a report is not an access to it
  return 'user_activity_logs';
}
