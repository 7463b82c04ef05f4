import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { trpcHttpUrl, trpcWsUrl } from './endpoints.ts';
import { createSessionApi } from './session-api.ts';
import type { SessionApi } from './session-api.ts';
import { SessionApiContext } from './useSessionApi.ts';

/**
 * Opens the signed-in client (and its WebSocket) while mounted; unmounting, on sign-out,
 * closes the socket and ends every subscription. `renew()` swaps in a new client without
 * unmounting the page below, so the feed and the numbers stay on screen.
 */
export function SessionApiProvider({ getAccessToken, children }: { getAccessToken: () => string | null; children: ReactNode }) {
  const [api, setApi] = useState<SessionApi | null>(null);
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    const next = createSessionApi({ httpUrl: trpcHttpUrl(), wsUrl: trpcWsUrl(), getAccessToken });
    setApi(next);
    return () => {
      void next.close();
    };
  }, [getAccessToken, epoch]);

  const renew = useCallback(() => setEpoch((value) => value + 1), []);
  const connection = useMemo(() => (api ? { ...api, renew } : null), [api, renew]);

  if (!connection) return null;
  return <SessionApiContext value={connection}>{children}</SessionApiContext>;
}
