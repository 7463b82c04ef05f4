import { PUBLIC_DASHBOARD_PATH, ShareToken } from '@pulse/api-contract/schemas';

/**
 * The token of a public link's address (`/public/dashboards/<token>`, the path
 * `dashboards.shares.create` answers), '' for a link address whose token is malformed, null for
 * every other address. A real path, not a hash route: the server serves the SPA for any path,
 * and the page then never starts a session.
 */
export function publicDashboardToken(pathname: string): string | null {
  if (!pathname.startsWith(PUBLIC_DASHBOARD_PATH)) return null;
  const token = pathname.slice(PUBLIC_DASHBOARD_PATH.length).replace(/\/$/, '');
  return ShareToken.safeParse(token).success ? token : '';
}

/** The full address of a link, on the origin that serves this page. */
export function publicLinkUrl(path: string, origin: string = window.location.origin): string {
  return new URL(path, origin).toString();
}
