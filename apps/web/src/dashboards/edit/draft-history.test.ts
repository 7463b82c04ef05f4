import { describe, expect, it } from 'vitest';
import type { Draft } from './draft-history.ts';
import { canRedo, canUndo, draftHistory, isDirty, MAX_UNDO_STEPS, startHistory } from './draft-history.ts';

const draft = (y: number): Draft => ({ widgets: [], layoutConfig: { lg: [{ widgetId: 'a', x: 0, y, w: 3, h: 2 }] } });
const [A, B, C] = [draft(0), draft(1), draft(2)];

describe('draft history', () => {
  it('records each change; undo and redo walk it; a new change after undo drops the redo branch', () => {
    let history = startHistory(A);
    expect(isDirty(history)).toBe(false);
    expect(canUndo(history)).toBe(false);
    history = draftHistory(history, { type: 'change', to: B });
    history = draftHistory(history, { type: 'change', to: C });
    expect(history.present).toBe(C);
    expect(isDirty(history)).toBe(true);

    history = draftHistory(history, { type: 'undo' });
    expect(history.present).toBe(B);
    expect(canRedo(history)).toBe(true);
    history = draftHistory(history, { type: 'undo' });
    expect(history.present).toBe(A);
    // Back where the edit started: nothing unsaved.
    expect(isDirty(history)).toBe(false);
    expect(draftHistory(history, { type: 'undo' })).toBe(history);

    history = draftHistory(history, { type: 'redo' });
    expect(history.present).toBe(B);
    history = draftHistory(history, { type: 'change', to: A });
    expect(canRedo(history)).toBe(false);
    expect(history.past).toEqual([A, B]);
  });

  it('records a keyboard move as one step when dropped, and restores its start when cancelled', () => {
    let history = draftHistory(startHistory(A), { type: 'lift' });
    history = draftHistory(history, { type: 'change', to: B });
    history = draftHistory(history, { type: 'change', to: C });
    expect(history.past).toEqual([]);
    expect(canUndo(history)).toBe(true);
    history = draftHistory(history, { type: 'drop' });
    expect(history.present).toBe(C);
    expect(history.past).toEqual([A]);
    expect(history.lifted).toBeNull();

    history = draftHistory(history, { type: 'lift' });
    history = draftHistory(history, { type: 'change', to: B });
    history = draftHistory(history, { type: 'cancel' });
    expect(history.present).toBe(C);
    expect(history.past).toEqual([A]);

    // Undo during a move takes back the move; redo waits until it is dropped.
    history = draftHistory(draftHistory(history, { type: 'lift' }), { type: 'change', to: B });
    expect(canRedo(history)).toBe(false);
    history = draftHistory(history, { type: 'undo' });
    expect(history.present).toBe(C);
    expect(history.lifted).toBeNull();
  });

  it('drops a lift that moved nothing without a step, and ignores a change to the same draft', () => {
    let history = draftHistory(draftHistory(startHistory(A), { type: 'lift' }), { type: 'drop' });
    expect(history.past).toEqual([]);
    history = draftHistory(history, { type: 'change', to: A });
    expect(history.past).toEqual([]);
  });

  it('makes changes in a row with the same merge key one step (typing in the widget editor)', () => {
    let history = draftHistory(startHistory(A), { type: 'change', to: B, mergeKey: 'widget:a' });
    history = draftHistory(history, { type: 'change', to: C, mergeKey: 'widget:a' });
    expect(history.past).toEqual([A]);
    history = draftHistory(history, { type: 'change', to: B, mergeKey: 'widget:b' });
    expect(history.past).toEqual([A, C]);
    // An undo in between ends the run.
    history = draftHistory(draftHistory(history, { type: 'undo' }), { type: 'change', to: A, mergeKey: 'widget:a' });
    expect(history.past).toEqual([A, C]);
    // A function of the present draft sees the changes dispatched before it.
    history = draftHistory(history, { type: 'change', to: (present) => (present === A ? C : B) });
    expect(history.present).toBe(C);
  });

  it(`keeps the last ${MAX_UNDO_STEPS} steps`, () => {
    let history = startHistory(A);
    for (let step = 0; step < MAX_UNDO_STEPS + 5; step += 1) history = draftHistory(history, { type: 'change', to: draft(step + 1) });
    expect(history.past).toHaveLength(MAX_UNDO_STEPS);
    expect(history.past[0]?.layoutConfig.lg[0]?.y).toBe(5);
  });
});
