import { describe, expect, it } from 'vitest';
import { collectionFor } from './mongo-collections.ts';

describe('collectionFor', () => {
  it.each([
    ['REPORT_VIEW', 'report_access_logs'],
    ['REPORT_DOWNLOAD', 'report_access_logs'],
    ['REPORT_GENERATED', 'user_activity_logs'],
    ['AI_CHAT_MESSAGE', 'ai_chat_session_logs'],
    ['DASHBOARD_LOAD', 'dashboard_interactions'],
    ['WIDGET_REFRESH', 'dashboard_interactions'],
    ['NOTIFICATION_CLICKED', 'notification_interaction_logs'],
    ['USER_LOGIN', 'user_activity_logs'],
    ['PAGE_VIEW', 'user_activity_logs'],
    ['API_CALL', 'user_activity_logs'],
    ['custom.DASHBOARD_LOAD', 'dashboard_interactions'],
    ['custom.REPORT_PRINT', 'report_access_logs'],
    ['custom.search', 'user_activity_logs'],
    // only the prefix is stripped: a type merely containing a routed name stays put
    ['custom.MY_DASHBOARD_LOAD', 'user_activity_logs'],
  ])('%s goes to %s', (eventType, collection) => {
    expect(collectionFor(eventType)).toBe(collection);
  });
});
