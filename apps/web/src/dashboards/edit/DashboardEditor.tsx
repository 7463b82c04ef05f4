import { useEffect, useId, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { WIDGET_LIMITS } from '@pulse/api-contract/schemas';
import type { Dashboard, LayoutItem, WidgetsData, WidgetType } from '@pulse/api-contract/schemas';
import { useContainerWidth } from 'react-grid-layout';
import { describeError } from '../../api/errors.ts';
import { WidgetView } from '../../widgets/WidgetView.tsx';
import { breakpointFor, inReadingOrder, itemsAt, resizeItem, restackItem, sameItems, stepItem } from './arrange.ts';
import type { Direction } from './arrange.ts';
import { announceAdded, announceCancel, announceDrop, announceLift, announceMove, announceResize, ARRANGE_HELP } from './announce.ts';
import { ArrangeGrid } from './ArrangeGrid.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { addWidget, arrangeAt, draftOf, duplicateWidget, removeWidget, replaceWidget } from './draft.ts';
import { canRedo, canUndo, draftHistory, isDirty, startHistory } from './draft-history.ts';
import type { Draft } from './draft-history.ts';
import { EditDialog } from './EditDialog.tsx';
import { EditToolbar } from './EditToolbar.tsx';
import { historyKey } from './keyboard.ts';
import type { KeyIntent } from './keyboard.ts';
import { StackedArrange } from './StackedArrange.tsx';
import type { RenderWidgetEditor } from './types.ts';
import { useLeaveGuard } from './useLeaveGuard.ts';
import { useSaveDashboard } from './useSaveDashboard.ts';
import styles from './DashboardEditor.module.css';

export type DashboardEditorProps = {
  organizationId: string;
  dashboard: Dashboard;
  data: WidgetsData | undefined;
  loading: boolean;
  stale: boolean;
  onRetry(): void;
  /** Edit mode is over (saved, cancelled or dropped for someone else's version). */
  onDone(): void;
  onOpen(dashboardId: string): void;
  /** Mounts the widget editor beside the grid; without it a placeholder says where it goes. */
  renderWidgetEditor?: RenderWidgetEditor;
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
 * Edit mode of a dashboard (its own chunk: react-grid-layout loads only when someone edits).
 * The draft of widgets and layouts lives here with its undo history until Save writes it as a
 * new version; the live numbers keep coming into the widgets meanwhile (they are not part of
 * the draft, so an update never disturbs an edit).
 */
export default function DashboardEditor(props: DashboardEditorProps) {
  const { organizationId } = props;
  const [base] = useState(props.dashboard);
  const [history, dispatch] = useReducer(draftHistory, base, (dashboard) => startHistory(draftOf(dashboard)));
  const draft = history.present;
  const dirty = isDirty(history);
  const { width, containerRef } = useContainerWidth();
  const breakpoint = breakpointFor(width);
  const [liftedId, setLiftedId] = useState<string | null>(null);
  const [configuring, setConfiguring] = useState<string | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [spoken, announce] = useAnnouncer();
  const helpId = useId();
  const focusRequest = useRef<{ widgetId: string; action?: 'up' | 'down' } | null>(null);
  const { blocker, allowLeaving } = useLeaveGuard(dirty);
  const saving = useSaveDashboard({ organizationId, base, onDone: props.onDone, onOpen: props.onOpen, allowLeaving });

  const widgets = new Map(draft.widgets.map((widget) => [widget.id, widget]));
  const results = new Map(props.data?.widgets.map((result) => [result.widgetId, result]));
  const titleOf = (widgetId: string) => widgets.get(widgetId)?.title ?? 'The widget';
  const change = (to: Draft | ((present: Draft) => Draft), mergeKey?: string) => dispatch({ type: 'change', to, mergeKey });

  // After a change moves a cell (or the button that was used), focus goes back to it. A new
  // cell appears a render later (react-grid-layout places it in an effect of its own): a few
  // more tries, then focus stays where it is.
  useLayoutEffect(() => {
    const request = focusRequest.current;
    if (!request) return;
    focusRequest.current = null;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      const cell = containerRef.current?.querySelector<HTMLElement>(`[data-edit-cell="${request.widgetId}"]`);
      if (!cell) {
        if ((tries += 1) <= 10) timer = setTimeout(attempt, 16);
        return;
      }
      // The button used, else the other one (Move up is disabled once the widget is first).
      const button = request.action
        ? (cell.querySelector<HTMLElement>(`[data-action="${request.action}"]:not(:disabled)`) ?? cell.querySelector<HTMLElement>('[data-action="up"]:not(:disabled), [data-action="down"]:not(:disabled)'))
        : null;
      (button ?? cell).focus();
    };
    attempt();
    return () => clearTimeout(timer);
  });

  const undoOrRedo = (action: 'undo' | 'redo') => {
    if (action === 'undo' ? !canUndo(history) : !canRedo(history)) return;
    if (liftedId) setLiftedId(null);
    dispatch({ type: action });
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
    focusRequest.current = { widgetId };
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
    focusRequest.current = { widgetId };
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
    focusRequest.current = { widgetId: added.widget.id };
  };
  const actions = {
    onConfigure: setConfiguring,
    onDuplicate: (widgetId: string) => {
      const copied = duplicateWidget(draft, widgetId);
      if (!copied) return;
      change(copied.draft);
      const item = placed(copied.draft, copied.widget.id);
      if (item) announce(announceAdded(copied.widget.title, item));
      focusRequest.current = { widgetId: copied.widget.id };
    },
    onRemove: (widgetId: string) => {
      const order = inReadingOrder(itemsAt(draft.layoutConfig, breakpoint ?? 'xs')).map((item) => item.widgetId);
      const index = order.indexOf(widgetId);
      const neighbour = order[index + 1] ?? order[index - 1];
      change(removeWidget(draft, widgetId));
      if (configuring === widgetId) setConfiguring(null);
      announce(`${titleOf(widgetId)} removed. Undo brings it back.`);
      if (neighbour) focusRequest.current = { widgetId: neighbour };
    },
  };
  const onRestack = (widgetId: string, direction: 'up' | 'down') => {
    const items = itemsAt(draft.layoutConfig, 'xs');
    const next = restackItem(items, widgetId, direction);
    if (!next) return;
    change(arrangeAt(draft, 'xs', next));
    const position = next.findIndex((item) => item.widgetId === widgetId) + 1;
    announce(`${titleOf(widgetId)} moved to position ${position} of ${next.length}`);
    focusRequest.current = { widgetId, action: direction };
  };

  const configured = configuring ? widgets.get(configuring) : undefined;
  const closeEditor = () => {
    const widgetId = configuring;
    setConfiguring(null);
    if (widgetId) focusRequest.current = { widgetId };
  };
  const leaving =
    blocker.state === 'blocked' ? { discard: () => blocker.proceed(), keep: () => blocker.reset() } : confirmingCancel ? { discard: props.onDone, keep: () => setConfirmingCancel(false) } : null;
  const orderFrom = history.lifted ?? draft;

  return (
    <div className={styles.editor}>
      <EditToolbar
        dirty={dirty}
        saving={saving.pending}
        canUndo={canUndo(history)}
        canRedo={canRedo(history)}
        full={draft.widgets.length >= WIDGET_LIMITS.maxWidgets}
        helpId={helpId}
        help={breakpoint ? ARRANGE_HELP : 'On a narrow screen the widgets are one column, in the order a phone shows them: use Move up and Move down.'}
        onAdd={onAdd}
        onUndo={() => undoOrRedo('undo')}
        onRedo={() => undoOrRedo('redo')}
        onSave={() => {
          if (liftedId) drop(liftedId);
          void saving.save(history.present);
        }}
        onCancel={() => (dirty ? setConfirmingCancel(true) : props.onDone())}
      />
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="arrange-announcer">
        {spoken}
      </p>
      {saving.error !== null && (
        <p className="form-error" role="alert">
          Could not save: {describeError(saving.error)}
        </p>
      )}
      <div className={configured ? styles.workspaceWithEditor : styles.workspace}>
        <div ref={containerRef} className={styles.arrange}>
          {draft.widgets.length === 0 ? (
            <p className="card empty">No widgets: add one with “Add widget”.</p>
          ) : breakpoint ? (
            <ArrangeGrid
              width={width}
              breakpoint={breakpoint}
              items={itemsAt(draft.layoutConfig, breakpoint)}
              order={inReadingOrder(itemsAt(orderFrom.layoutConfig, breakpoint))
                .map((item) => item.widgetId)
                .filter((widgetId) => widgets.has(widgetId))}
              widgets={widgets}
              results={results}
              loading={props.loading}
              stale={props.stale}
              onRetry={props.onRetry}
              liftedId={liftedId}
              onKey={onKey}
              onLeave={(widgetId) => {
                if (liftedId === widgetId) drop(widgetId);
              }}
              onArrange={onArrange}
              describedBy={helpId}
              {...actions}
            />
          ) : (
            <StackedArrange
              items={inReadingOrder(itemsAt(draft.layoutConfig, 'xs'))}
              widgets={widgets}
              results={results}
              loading={props.loading}
              stale={props.stale}
              onRetry={props.onRetry}
              onRestack={onRestack}
              {...actions}
            />
          )}
        </div>
        {configured && (
          <aside aria-label="Widget editor" className={styles.editorSlot}>
            {props.renderWidgetEditor ? (
              props.renderWidgetEditor({
                organizationId,
                widget: configured,
                onChange: (widget) => change((present) => replaceWidget(present, widget), `widget:${widget.id}`),
                onClose: closeEditor,
                renderPreview: (widget, result, loading) => <WidgetView widget={widget} result={result} loading={loading} stale={false} onRetry={props.onRetry} />,
              })
            ) : (
              <div className="card">
                <h2>Configure {configured.title}</h2>
                <p className="muted">The widget editor opens here.</p>
                <button type="button" className="button" onClick={closeEditor}>
                  Close
                </button>
              </div>
            )}
          </aside>
        )}
      </div>
      {leaving && (
        <EditDialog
          title="Discard your changes?"
          onDismiss={leaving.keep}
          actions={
            <>
              <button type="button" className="button" onClick={leaving.keep}>
                Keep editing
              </button>
              <button type="button" className="button button-primary" onClick={leaving.discard}>
                Discard changes
              </button>
            </>
          }
        >
          <p>Your changes to this dashboard are not saved. Leaving edit mode drops them.</p>
        </EditDialog>
      )}
      {saving.conflict && (
        <ConflictDialog
          conflict={saving.conflict}
          pending={saving.pending}
          onReloadTheirs={saving.reloadTheirs}
          onSaveCopy={() => void saving.saveCopy(history.present)}
          onDismiss={saving.dismissConflict}
        />
      )}
    </div>
  );
}
