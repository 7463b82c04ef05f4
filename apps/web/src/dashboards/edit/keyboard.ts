import type { Direction } from './arrange.ts';

/** What a key pressed on a widget cell in edit mode asks for. */
export type KeyIntent = { kind: 'toggle' } | { kind: 'cancel' } | { kind: 'move' | 'resize'; direction: Direction };

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/**
 * The WAI-ARIA pattern for rearranging: Space (or Enter) picks the widget up and puts it down,
 * arrows move it while it is up, Shift + arrows resize it, Escape cancels. Arrows on a widget
 * that is not picked up do nothing, so they still scroll the page and a stray key moves nothing.
 */
export function keyIntent(event: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }, lifted: boolean): KeyIntent | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === ' ' || event.key === 'Enter') return { kind: 'toggle' };
  if (!lifted) return null;
  if (event.key === 'Escape') return { kind: 'cancel' };
  const direction = ARROWS[event.key];
  if (!direction) return null;
  return { kind: event.shiftKey ? 'resize' : 'move', direction };
}

/** Ctrl+Z / Ctrl+Shift+Z (⌘ on a Mac, and Ctrl+Y) outside text fields, whose own undo comes first. */
export function historyKey(event: KeyboardEvent): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  return key === 'y' ? 'redo' : null;
}
