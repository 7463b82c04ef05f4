import type { MikroORM } from '@pulse/db';
import type { Settings } from '../env.ts';
import type { ActivityStore } from './activity-store.ts';
import { createPostgresActivityStore } from './postgres-activity-store.ts';

/**
 * The activity store the settings choose. The MongoDB modules are loaded only when chosen, so
 * a Postgres-only install never loads the MongoDB driver.
 */
export async function createActivityStore(settings: Settings, orm: MikroORM): Promise<ActivityStore> {
  if (settings.ACTIVITY_STORE === 'postgres') return createPostgresActivityStore(orm);
  if (!settings.MONGO_URL) throw new Error('ACTIVITY_STORE=mongo needs MONGO_URL');
  const [{ createMongoOrm }, { createMongoActivityStore }] = await Promise.all([import('@pulse/db/mongo'), import('./mongo-activity-store.ts')]);
  const mongo = await createMongoOrm(settings.MONGO_URL, {
    user_activity_logs: settings.RETENTION_ACTIVITY_DAYS,
    dashboard_interactions: settings.RETENTION_DASHBOARD_INTERACTIONS_DAYS,
    report_access_logs: settings.RETENTION_REPORT_ACCESS_DAYS,
    ai_chat_session_logs: settings.RETENTION_AI_CHAT_DAYS,
    notification_interaction_logs: settings.RETENTION_NOTIFICATION_INTERACTIONS_DAYS,
  });
  return createMongoActivityStore(mongo);
}
