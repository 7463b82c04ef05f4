import type { ActivityEventView } from '@pulse/api-contract/schemas';

/** The columns every read of activity_events returns, and how a row becomes the API's view. */
export const EVENT_VIEW_COLUMNS = 'id, type, user_id, session_id, occurred_at, received_at, properties, branch_id, department_id';

export type EventRow = {
  id: string;
  type: string;
  user_id: string | null;
  session_id: string | null;
  occurred_at: Date | string;
  received_at: Date | string;
  properties: Record<string, unknown>;
  branch_id: string | null;
  department_id: string | null;
};

export function toEventView(row: EventRow): ActivityEventView {
  return {
    id: row.id,
    type: row.type,
    userId: row.user_id,
    sessionId: row.session_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    properties: row.properties,
    branchId: row.branch_id,
    departmentId: row.department_id,
  };
}
