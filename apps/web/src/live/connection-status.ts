/** What the connection badge says: `data-state` of `[data-testid=connection-state]`. */
export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

export type ConnectionSnapshot = {
  status: ConnectionStatus;
  /** False until the socket has been open once: the first attempt says "Connecting…". */
  connectedBefore: boolean;
};

/** tRPC's `wsClient.connectionState` values: `pending` means open and usable. */
export type SocketState = 'idle' | 'connecting' | 'pending';

/** The part of tRPC's `connectionState` behaviour subject that is read here. */
export type SocketStateSource = {
  get(): { state: SocketState };
  subscribe(observer: { next: (value: { state: SocketState }) => void }): { unsubscribe(): void };
};

export type ConnectionMonitorOptions = {
  /** Still not connected after this long: say "Offline" (tRPC keeps retrying behind it). */
  offlineAfterMs?: number;
  /** Where `online` / `offline` events come from. */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  isBrowserOnline?: () => boolean;
};

export const OFFLINE_AFTER_MS = 15_000;

/**
 * The connection state in three words, from
 * - tRPC's socket state: `pending` (open) is live, `connecting` is reconnecting, `idle`
 *   (closed, e.g. after sign-out) is offline;
 * - how long it has been reconnecting: past `offlineAfterMs` it is offline;
 * - the browser's own `online` / `offline` events: offline at once, whatever the socket says.
 */
export function deriveConnectionStatus(input: {
  socket: SocketState;
  browserOnline: boolean;
  reconnectTimedOut: boolean;
}): ConnectionStatus {
  if (!input.browserOnline) return 'offline';
  if (input.socket === 'pending') return 'live';
  if (input.socket === 'idle' || input.reconnectTimedOut) return 'offline';
  return 'reconnecting';
}

/** A store for `useSyncExternalStore`: listens while someone listens to it. */
export class ConnectionMonitor {
  readonly #source: SocketStateSource;
  readonly #offlineAfterMs: number;
  readonly #target: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  readonly #isBrowserOnline: () => boolean;
  readonly #listeners = new Set<() => void>();
  #socket: SocketState;
  #browserOnline: boolean;
  #connectedBefore: boolean;
  #reconnectTimedOut = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #snapshot: ConnectionSnapshot;
  #stop: (() => void) | null = null;

  constructor(source: SocketStateSource, options: ConnectionMonitorOptions = {}) {
    this.#source = source;
    this.#offlineAfterMs = options.offlineAfterMs ?? OFFLINE_AFTER_MS;
    this.#target = options.target ?? window;
    this.#isBrowserOnline = options.isBrowserOnline ?? (() => navigator.onLine);
    this.#socket = source.get().state;
    this.#browserOnline = this.#isBrowserOnline();
    this.#connectedBefore = this.#socket === 'pending';
    this.#snapshot = this.#compute();
  }

  readonly getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (!this.#stop) this.#stop = this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#stop) {
        this.#stop();
        this.#stop = null;
      }
    };
  };

  #start(): () => void {
    const subscription = this.#source.subscribe({ next: ({ state }) => this.#onSocket(state) });
    const onOnline = () => this.#onBrowser(true);
    const onOffline = () => this.#onBrowser(false);
    this.#target.addEventListener('online', onOnline);
    this.#target.addEventListener('offline', onOffline);
    this.#onSocket(this.#source.get().state);
    this.#onBrowser(this.#isBrowserOnline());
    return () => {
      subscription.unsubscribe();
      this.#target.removeEventListener('online', onOnline);
      this.#target.removeEventListener('offline', onOffline);
      clearTimeout(this.#timer);
      this.#timer = undefined;
    };
  }

  #onSocket(state: SocketState): void {
    this.#socket = state;
    if (state === 'connecting') {
      if (this.#timer === undefined && !this.#reconnectTimedOut) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#reconnectTimedOut = true;
          this.#update();
        }, this.#offlineAfterMs);
      }
    } else {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#reconnectTimedOut = false;
      if (state === 'pending') this.#connectedBefore = true;
    }
    this.#update();
  }

  #onBrowser(online: boolean): void {
    this.#browserOnline = online;
    this.#update();
  }

  #compute(): ConnectionSnapshot {
    return {
      status: deriveConnectionStatus({
        socket: this.#socket,
        browserOnline: this.#browserOnline,
        reconnectTimedOut: this.#reconnectTimedOut,
      }),
      connectedBefore: this.#connectedBefore,
    };
  }

  #update(): void {
    const next = this.#compute();
    if (next.status === this.#snapshot.status && next.connectedBefore === this.#snapshot.connectedBefore) return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}

/**
 * Whether numbers on screen may be out of date because of the connection: after a drop, or
 * offline. Numbers just loaded over HTTP are fresh while the socket makes its first connection.
 */
export function connectionIsStale(snapshot: ConnectionSnapshot): boolean {
  return snapshot.status === 'offline' || (snapshot.status === 'reconnecting' && snapshot.connectedBefore);
}
