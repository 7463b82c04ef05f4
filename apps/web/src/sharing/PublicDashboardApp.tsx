import { ApiProvider } from '../api/ApiProvider.tsx';
import { LinkEnded, PublicDashboardPage } from './PublicDashboardPage.tsx';

/**
 * The whole page of a public link: an API client without any credential (no session is started
 * or read, even in a browser where someone is signed in) and the shared dashboard.
 */
export function PublicDashboardApp({ token }: { token: string }) {
  if (token === '') return <LinkEnded />;
  return (
    <ApiProvider session={null}>
      <PublicDashboardPage token={token} />
    </ApiProvider>
  );
}
