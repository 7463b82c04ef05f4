import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ACME, makeEngagement, makeEvent, makeMe, makeSummary } from '../test/fixtures.ts';
import type { FakeServices } from '../test/fake-services.ts';
import { renderApp } from '../test/render-app.tsx';

const dashboard = {
  auth: { me: () => makeMe() },
  dashboards: { summary: () => makeSummary() },
  events: { recent: () => [makeEvent(1)] },
} satisfies FakeServices;

const user = (userId: string, eventCount: number) => ({
  userId,
  eventCount,
  loginCount: 1,
  pageViews: eventCount - 1,
  apiCalls: 0,
  reportsGenerated: 0,
  reportsViewed: 2,
  aiChatMessagesSent: 0,
  lastActivityAt: new Date().toISOString(),
});

describe('engagement panels', () => {
  it("list today's most active users and reports from dashboards.engagement", async () => {
    const { calls } = renderApp({
      services: {
        ...dashboard,
        dashboards: {
          ...dashboard.dashboards,
          engagement: () =>
            makeEngagement({
              users: [user('alice', 1200), user('bob', 3)],
              reports: [{ reportId: '18b3d6cf-2c0d-4759-b73c-71557220fb8a', reportType: 'PERSONALITY_ROLE', generatedAt: null, processingTimeSeconds: null, viewedCount: 5, lastViewedAt: null }],
            }),
        },
      },
    });
    const users = await screen.findByRole('table', { name: 'Most active users today' });
    const rows = within(users).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['alice', 'bob']);
    expect(rows[0]?.textContent).toContain('1,200');
    const reports = screen.getByRole('table', { name: 'Reports today' });
    const report = within(reports).getByRole('rowheader');
    expect(report.textContent).toBe('18b3d6cf…');
    expect(report.getAttribute('title')).toBe('18b3d6cf-2c0d-4759-b73c-71557220fb8a');
    expect(reports.textContent).toContain('PERSONALITY_ROLE');
    expect(calls.find((call) => call.path === 'dashboards.engagement')?.input).toEqual({ organizationId: ACME.id, limit: 8 });
  });

  it('say so when nothing was folded in yet today', async () => {
    renderApp({ services: dashboard });
    expect(await screen.findByText('No user activity today yet.')).toBeTruthy();
    expect(screen.getByText('No reports generated or viewed today yet.')).toBeTruthy();
  });

  it('say what went wrong and load again on "Try again"', async () => {
    let broken = true;
    renderApp({
      services: {
        ...dashboard,
        dashboards: {
          ...dashboard.dashboards,
          engagement: () => {
            if (broken) throw new Error('database is down');
            return makeEngagement({ users: [user('carol', 9)] });
          },
        },
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Engagement could not load');
    broken = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('rowheader', { name: 'carol' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
