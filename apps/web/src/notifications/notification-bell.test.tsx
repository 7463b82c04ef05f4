import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeNotification } from '../test/alert-fixtures.ts';
import { makeMe } from '../test/fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

const bell = () => screen.getByRole('button', { name: /^Notifications/ });

describe('notification bell', () => {
  it('shows the live unread count, lists the notifications and marks one read', async () => {
    const first = makeNotification(1);
    const second = makeNotification(2, { readAt: '2026-11-23T10:05:00.000Z' });
    const { live, calls } = renderApp({
      services: {
        auth: { me: () => makeMe() },
        notifications: {
          list: () => ({ items: [first, second], nextCursor: null, unreadCount: 1 }),
          markRead: () => ({ updated: 1, unreadCount: 0 }),
        },
      },
    });
    await waitFor(() => expect(live.active('live.notifications')).toHaveLength(1));
    expect(screen.queryByTestId('unread-count')).toBeNull();

    live.emit('live.notifications', { unreadCount: 1, notification: null });
    await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('1'));
    live.emit('live.notifications', { unreadCount: 2, notification: makeNotification(3) });
    await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('2'));
    expect(bell().getAttribute('aria-label')).toBe('Notifications, 2 unread');

    const user = userEvent.setup();
    await user.click(bell());
    const panel = await screen.findByRole('region', { name: 'Notifications' });
    const list = await within(panel).findByRole('list', { name: 'Notification list' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    await user.click(within(list).getByRole('button', { name: 'Mark read' }));
    await waitFor(() => expect(screen.queryByTestId('unread-count')).toBeNull());
    expect(calls.find((call) => call.path === 'notifications.markRead')?.input).toEqual({ ids: [first.id] });
    expect(within(list).queryByRole('button', { name: 'Mark read' })).toBeNull();

    // Escape closes the panel and gives the bell back to the keyboard.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(bell());
  });
});
