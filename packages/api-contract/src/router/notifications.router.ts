import {
  ListNotificationsInput,
  NotificationList,
  NotificationSelection,
  NotificationUpdate,
  UnreadCount,
} from '../schemas/notifications.ts';
import { router, userProcedure } from './trpc.ts';

/** Every signed-in user's own notification center: nobody reads another's. */
export const notificationsRouter = router({
  list: userProcedure
    .input(ListNotificationsInput)
    .output(NotificationList)
    .query(({ ctx, input }) => ctx.services.notifications.list(ctx.actor, input)),
  unreadCount: userProcedure.output(UnreadCount).query(({ ctx }) => ctx.services.notifications.unreadCount(ctx.actor)),
  markRead: userProcedure
    .input(NotificationSelection)
    .output(NotificationUpdate)
    .mutation(({ ctx, input }) => ctx.services.notifications.markRead(ctx.actor, input)),
  dismiss: userProcedure
    .input(NotificationSelection)
    .output(NotificationUpdate)
    .mutation(({ ctx, input }) => ctx.services.notifications.dismiss(ctx.actor, input)),
});
