import { describe, expect, it } from 'vitest';
import { publicDashboardToken, publicLinkUrl } from './public-link.ts';

const TOKEN = 'q3J0abcdefghijklmnopqrstuvwxyzABCDEFGHIJK_-';

describe('public link addresses', () => {
  it('reads the token of the path the server answers, with or without a trailing slash', () => {
    expect(TOKEN).toHaveLength(43);
    expect(publicDashboardToken(`/public/dashboards/${TOKEN}`)).toBe(TOKEN);
    expect(publicDashboardToken(`/public/dashboards/${TOKEN}/`)).toBe(TOKEN);
  });

  it("marks a link address with a malformed token ('') and leaves every other address to the app (null)", () => {
    expect(publicDashboardToken('/public/dashboards/short')).toBe('');
    expect(publicDashboardToken(`/public/dashboards/${TOKEN}x`)).toBe('');
    expect(publicDashboardToken(`/public/dashboards/${TOKEN}/more`)).toBe('');
    expect(publicDashboardToken('/')).toBeNull();
    expect(publicDashboardToken('/public/other')).toBeNull();
  });

  it('makes the full address on the origin serving the page', () => {
    expect(publicLinkUrl(`/public/dashboards/${TOKEN}`, 'https://pulse.example.com')).toBe(`https://pulse.example.com/public/dashboards/${TOKEN}`);
  });
});
