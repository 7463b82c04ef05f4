import { LIVE_CLOSE_CODES } from '@pulse/api-contract/schemas';

/** What the server's close codes (the contract's LIVE_CLOSE_CODES) mean to the person at the screen. */
const MESSAGES: Record<number, string> = {
  [LIVE_CLOSE_CODES.tooManyConnectionsForUser]: 'Live updates are paused in this tab: too many Pulse tabs or windows are open for your account. Close one and this tab reconnects by itself.',
  [LIVE_CLOSE_CODES.tooManyMessages]: 'The server closed this tab’s live connection because it sent too much at once. Pulse reconnects by itself.',
  [LIVE_CLOSE_CODES.serverFull]: 'This Pulse server has as many live connections as it takes. Pulse keeps retrying; the numbers may be out of date meanwhile.',
  [LIVE_CLOSE_CODES.sessionEnded]: 'Your session was ended (signed out elsewhere or revoked). Sign in again to see live numbers.',
};

export function closeNoticeOf(code: number | undefined): string | null {
  return code === undefined ? null : (MESSAGES[code] ?? null);
}

/**
 * Why the live connection was last closed by the server, until it opens again: a store for
 * `useSyncExternalStore`, fed by the WebSocket client's onClose and onOpen.
 */
export class CloseNotices {
  #notice: string | null = null;
  readonly #listeners = new Set<() => void>();

  readonly getSnapshot = (): string | null => this.#notice;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** A close: remembered only when the server said why (a plain network drop keeps the badge's words). */
  report(code: number | undefined): void {
    const notice = closeNoticeOf(code);
    if (notice) this.#set(notice);
  }

  clear(): void {
    this.#set(null);
  }

  #set(notice: string | null): void {
    if (notice === this.#notice) return;
    this.#notice = notice;
    for (const listener of this.#listeners) listener();
  }
}
