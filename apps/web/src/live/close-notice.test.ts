import { LIVE_CLOSE_CODES } from '@pulse/api-contract/schemas';
import { describe, expect, it } from 'vitest';
import { closeNoticeOf, CloseNotices } from './close-notice.ts';

describe('close notices', () => {
  it('explains every close code the server sends, and nothing for a plain drop', () => {
    const codes = Object.values(LIVE_CLOSE_CODES);
    const notices = codes.map(closeNoticeOf);
    expect(notices.every((notice) => typeof notice === 'string' && notice.length > 40)).toBe(true);
    expect(new Set(notices).size).toBe(codes.length);
    expect(closeNoticeOf(1006)).toBeNull();
    expect(closeNoticeOf(undefined)).toBeNull();
  });

  it('keeps the last reason until the connection opens again, and tells its listeners', () => {
    const notices = new CloseNotices();
    const seen: (string | null)[] = [];
    notices.subscribe(() => seen.push(notices.getSnapshot()));
    notices.report(LIVE_CLOSE_CODES.tooManyConnectionsForUser);
    notices.report(1006);
    expect(notices.getSnapshot()).toContain('too many Pulse tabs');
    notices.clear();
    expect(seen).toEqual([expect.stringContaining('too many Pulse tabs'), null]);
  });
});
