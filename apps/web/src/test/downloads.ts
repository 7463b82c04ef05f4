import { beforeEach, vi } from 'vitest';

export type SavedFile = { blob: Blob; filename: string };

/**
 * jsdom has no object URLs and no downloads: records what the page would have saved (the blob
 * and the name its link gave it), afresh before each test of the calling file.
 */
export function recordDownloads(): SavedFile[] {
  const saved: SavedFile[] = [];
  beforeEach(() => {
    saved.length = 0;
    let url: string | null = null;
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      value: (blob: Blob) => {
        saved.push({ blob, filename: '' });
        url = `blob:test/${saved.length}`;
        return url;
      },
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => undefined });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      const last = saved.at(-1);
      if (last && this.href === url) last.filename = this.download;
    });
  });
  return saved;
}
