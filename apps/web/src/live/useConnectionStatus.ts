import { useMemo, useSyncExternalStore } from 'react';
import { useWsClient } from '../api/ApiProvider.tsx';
import { ConnectionMonitor } from './connection-status.ts';
import type { ConnectionSnapshot } from './connection-status.ts';

/** Live / reconnecting / offline for the signed-in WebSocket (see `ConnectionMonitor`). */
export function useConnectionStatus(): ConnectionSnapshot {
  const wsClient = useWsClient();
  const monitor = useMemo(() => new ConnectionMonitor(wsClient.connectionState), [wsClient]);
  return useSyncExternalStore(monitor.subscribe, monitor.getSnapshot);
}
