import { useEffect, useState } from 'react';
import type { ActionDispatch } from 'react';
import type { Breakpoint, LayoutItem, WidgetType } from '@pulse/api-contract/schemas';
import { inReadingOrder, itemsAt, resizeItem, restackItem, sameItems, stepItem } from './arrange.ts';
import type { Direction } from './arrange.ts';
import { announceAdded, announceCancel, announceDrop, announceLift, announceMove, announceResize } from './announce.ts';
import { addWidget, arrangeAt, duplicateWidget, removeWidget } from './draft.ts';
import { canRedo, canUndo } from './draft-history.ts';
import type { Draft, DraftHistory, HistoryAction } from './draft-history.ts';
import { historyKey } from './keyboard.ts';
import type { KeyIntent } from './keyboard.ts';

type Options = {
  history: DraftHistory;
  dispatch: ActionDispatch<[HistoryAction]>;
  /** The breakpoint on screen; null: the phone column. */
  breakpoint: Breakpoint | null;
  focusWidget(widgetId: string, action?: 'up' | 'down'): void;
  /** A widget left the draft (the editor showing it closes). */
  onRemoved(widgetId: string): void;
};

const byId = (items: readonly LayoutItem[]) => [...items].sort((a, b) => a.widgetId.localeCompare(b.widgetId));
const itemOf = (items: readonly LayoutItem[], widgetId: string) => items.find((item) => item.widgetId === widgetId);
const CANNOT: Record<'move' | 'resize', Record<Direction, string>> = {
  move: { left: 'cannot move further left', right: 'cannot move further right', up: 'cannot move further up', down: 'cannot move further down' },
  resize: { left: 'cannot get narrower', right: 'cannot get wider', up: 'cannot get shorter', down: 'cannot get taller' },
};

/** The live region's sentence; the same sentence twice is still announced twice. */
function useAnnouncer() {
  const [said, setSaid] = useState({ text: '', count: 0 });
  const announce = (text: string) => setSaid((previous) => ({ text, count: previous.count + 1 }));
  return [said.count % 2 === 0 ? said.text : `${said.text}\u00a0`, announce] as const;
}

/**
 * What arranging does to the draft, by keyboard, mouse and buttons, each step said in the live
 * region (`spoken`): the keyboard's lift / move / resize / drop / cancel, a drag's result,
 * adding, copying, removing, the phone column's Move up / Move down, and undo / redo (also
 * Ctrl+Z and Ctrl+Shift+Z anywhere outside a text field).
 */
export function useArrangeCommands({ history, dispatch, breakpoint, focusWidget, onRemoved }: Options) {
  const draft = history.present;
  const [liftedId, setLiftedId] = useState<string | null>(null);
  /** Undo and redo steps taken: what was typed into an open widget editor is no longer the draft. */
  const [travels, setTravels] = useState(0);
  const [spoken, announce] = useAnnouncer();
  const titleOf = (widgetId: string) => draft.widgets.find((widget) => widget.id === widgetId)?.title ?? 'The widget';
  const change = (to: Draft) => dispatch({ type: 'change', to });

  const undoOrRedo = (action: 'undo' | 'redo') => {
    if (action === 'undo' ? !canUndo(history) : !canRedo(history)) return;
    if (liftedId) setLiftedId(null);
    dispatch({ type: action });
    setTravels((count) => count + 1);
    announce(action === 'undo' ? 'Undone.' : 'Redone.');
  };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = historyKey(event);
      if (!action) return;
      event.preventDefault();
      undoOrRedo(action);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });

  const drop = (widgetId: string) => {
    const item = breakpoint && itemOf(itemsAt(draft.layoutConfig, breakpoint), widgetId);
    dispatch({ type: 'drop' });
    setLiftedId(null);
    if (item) announce(announceDrop(titleOf(widgetId), item));
    focusWidget(widgetId);
  };

  const onKey = (widgetId: string, intent: KeyIntent) => {
    if (!breakpoint) return;
    const items = itemsAt(draft.layoutConfig, breakpoint);
    const title = titleOf(widgetId);
    if (intent.kind === 'toggle') {
      if (liftedId === widgetId) return drop(widgetId);
      if (liftedId) dispatch({ type: 'drop' });
      dispatch({ type: 'lift' });
      setLiftedId(widgetId);
      const item = itemOf(items, widgetId);
      if (item) announce(announceLift(title, item));
      return;
    }
    if (intent.kind === 'cancel') {
      const restored = history.lifted && itemOf(itemsAt(history.lifted.layoutConfig, breakpoint), widgetId);
      dispatch({ type: 'cancel' });
      setLiftedId(null);
      if (restored) announce(announceCancel(title, restored));
      return;
    }
    const next = (intent.kind === 'move' ? stepItem : resizeItem)(items, widgetId, intent.direction);
    const item = next && itemOf(next, widgetId);
    if (!next || !item) return announce(`${title} ${CANNOT[intent.kind][intent.direction]}.`);
    change(arrangeAt(draft, breakpoint, next));
    announce(intent.kind === 'move' ? announceMove(title, item) : announceResize(title, item));
    focusWidget(widgetId);
  };

  const onArrange = (items: LayoutItem[], widgetId: string | null) => {
    if (!breakpoint) return;
    const before = itemsAt(draft.layoutConfig, breakpoint);
    if (sameItems(byId(items), byId(before))) return;
    change(arrangeAt(draft, breakpoint, items));
    const was = widgetId && itemOf(before, widgetId);
    const now = widgetId && itemOf(items, widgetId);
    if (!was || !now) return;
    const title = titleOf(now.widgetId);
    announce(was.w !== now.w || was.h !== now.h ? announceResize(title, now) : announceMove(title, now));
  };

  const placed = (next: Draft, widgetId: string) => itemOf(itemsAt(next.layoutConfig, breakpoint ?? 'xs'), widgetId);
  const onAdd = (type: WidgetType) => {
    const added = addWidget(draft, type);
    change(added.draft);
    const item = placed(added.draft, added.widget.id);
    if (item) announce(announceAdded(added.widget.title, item));
    focusWidget(added.widget.id);
  };
  const actions = {
    onDuplicate: (widgetId: string) => {
      const copied = duplicateWidget(draft, widgetId);
      if (!copied) return;
      change(copied.draft);
      const item = placed(copied.draft, copied.widget.id);
      if (item) announce(announceAdded(copied.widget.title, item));
      focusWidget(copied.widget.id);
    },
    onRemove: (widgetId: string) => {
      const order = inReadingOrder(itemsAt(draft.layoutConfig, breakpoint ?? 'xs')).map((item) => item.widgetId);
      const index = order.indexOf(widgetId);
      const neighbour = order[index + 1] ?? order[index - 1];
      change(removeWidget(draft, widgetId));
      onRemoved(widgetId);
      announce(`${titleOf(widgetId)} removed. Undo brings it back.`);
      if (neighbour) focusWidget(neighbour);
    },
  };
  const onRestack = (widgetId: string, direction: 'up' | 'down') => {
    const items = itemsAt(draft.layoutConfig, 'xs');
    const next = restackItem(items, widgetId, direction);
    if (!next) return;
    change(arrangeAt(draft, 'xs', next));
    const position = next.findIndex((item) => item.widgetId === widgetId) + 1;
    announce(`${titleOf(widgetId)} moved to position ${position} of ${next.length}`);
    focusWidget(widgetId, direction);
  };

  return {
    spoken,
    liftedId,
    travels,
    undoOrRedo,
    drop,
    onKey,
    /** A cell lost focus: a widget picked up there is put down. */
    onLeave: (widgetId: string) => {
      if (liftedId === widgetId) drop(widgetId);
    },
    onArrange,
    onAdd,
    onRestack,
    ...actions,
  };
}
