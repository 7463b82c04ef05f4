import type { LayoutConfig, Widget } from '@pulse/api-contract/schemas';

/** What edit mode changes of a dashboard: its widgets and where they sit. */
export type Draft = { widgets: Widget[]; layoutConfig: LayoutConfig };

/**
 * The whole edit as a history: every change is one step back for Undo. A keyboard move in
 * progress (lifted with Space) previews its steps without recording them; dropping records the
 * move as one step, Escape restores what was there when it was lifted.
 */
export type DraftHistory = {
  /** Where the edit started (what Save compares with, and "unsaved" means "not this"). */
  initial: Draft;
  past: Draft[];
  present: Draft;
  future: Draft[];
  /** The draft when a keyboard move was lifted; null when none is in progress. */
  lifted: Draft | null;
  /** The `mergeKey` of the last change, if it gave one (see `change`). */
  mergeKey: string | null;
};

export type HistoryAction =
  /**
   * A new draft. Changes in a row with the same `mergeKey` (the widget editor sends one per
   * keystroke, keyed by widget) are one step for Undo.
   */
  | { type: 'change'; to: Draft | ((present: Draft) => Draft); mergeKey?: string }
  | { type: 'lift' }
  | { type: 'drop' }
  | { type: 'cancel' }
  | { type: 'undo' }
  | { type: 'redo' };

/** Plenty for an editing session, and a bound on what a long one holds in memory. */
export const MAX_UNDO_STEPS = 100;

export const startHistory = (initial: Draft): DraftHistory => ({ initial, past: [], present: initial, future: [], lifted: null, mergeKey: null });

const record = (history: DraftHistory, before: Draft, present: Draft, mergeKey: string | null = null): DraftHistory => ({
  ...history,
  past: [...history.past, before].slice(-MAX_UNDO_STEPS),
  present,
  future: [],
  lifted: null,
  mergeKey,
});

export function draftHistory(history: DraftHistory, action: HistoryAction): DraftHistory {
  switch (action.type) {
    case 'change': {
      // A function reads the draft as it is by then (two changes before a render both count).
      const draft = typeof action.to === 'function' ? action.to(history.present) : action.to;
      if (draft === history.present) return history;
      if (history.lifted) return { ...history, present: draft };
      const mergeKey = action.mergeKey ?? null;
      if (mergeKey !== null && mergeKey === history.mergeKey) return { ...history, present: draft, future: [] };
      return record(history, history.present, draft, mergeKey);
    }
    case 'lift':
      return history.lifted ? history : { ...history, lifted: history.present, mergeKey: null };
    case 'drop':
      if (!history.lifted) return history;
      return history.lifted === history.present ? { ...history, lifted: null } : record(history, history.lifted, history.present);
    case 'cancel':
      return history.lifted ? { ...history, present: history.lifted, lifted: null } : history;
    case 'undo': {
      // Undo during a keyboard move takes back the move in progress first.
      if (history.lifted) return draftHistory(history, { type: 'cancel' });
      const previous = history.past.at(-1);
      if (!previous) return history;
      return { ...history, past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], mergeKey: null };
    }
    case 'redo': {
      const [next, ...rest] = history.future;
      if (!next || history.lifted) return history;
      return { ...history, past: [...history.past, history.present], present: next, future: rest, mergeKey: null };
    }
  }
}

export const canUndo = (history: DraftHistory) => history.past.length > 0 || history.lifted !== null;
export const canRedo = (history: DraftHistory) => history.future.length > 0 && history.lifted === null;
/** Unsaved: the draft is not where the edit started (undoing every step makes it saved again). */
export const isDirty = (history: DraftHistory) => history.present !== history.initial;
