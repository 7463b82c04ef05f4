import { useMemo, useSyncExternalStore } from 'react';
import { useSessionApi } from '../api/useSessionApi.ts';
import { ConnectionMonitor } from './connection-status.ts';
import type { ConnectionSnapshot } from './connection-status.ts';

/** Live / reconnecting / offline for the signed-in WebSocket (see `ConnectionMonitor`). */
export function useConnectionStatus(): ConnectionSnapshot {
  const { wsClient } = useSessionApi();
  const monitor = useMemo(() => new ConnectionMonitor(wsClient.connectionState), [wsClient]);
  return useSyncExternalStore(monitor.subscribe, monitor.getSnapshot);
}
