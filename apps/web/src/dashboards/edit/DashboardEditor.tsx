import { useId, useReducer, useState } from 'react';
import { WIDGET_LIMITS } from '@pulse/api-contract/schemas';
import type { Dashboard, WidgetsData } from '@pulse/api-contract/schemas';
import { useContainerWidth } from 'react-grid-layout';
import { describeError } from '../../api/errors.ts';
import { WidgetEditor } from '../../builder/WidgetEditor.tsx';
import { WidgetView } from '../../widgets/WidgetView.tsx';
import { breakpointFor, inReadingOrder, itemsAt } from './arrange.ts';
import { ARRANGE_HELP } from './announce.ts';
import { ArrangeGrid } from './ArrangeGrid.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { draftOf, replaceWidget } from './draft.ts';
import { canRedo, canUndo, draftHistory, isDirty, startHistory } from './draft-history.ts';
import { EditDialog } from './EditDialog.tsx';
import { EditToolbar } from './EditToolbar.tsx';
import { StackedArrange } from './StackedArrange.tsx';
import { useArrangeCommands } from './useArrangeCommands.ts';
import { useFocusAfterChange } from './useFocusAfterChange.ts';
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
};

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
  const [configuring, setConfiguring] = useState<string | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const helpId = useId();
  const focusWidget = useFocusAfterChange(containerRef);
  const { blocker, allowLeaving } = useLeaveGuard(dirty);
  const saving = useSaveDashboard({ organizationId, base, onDone: props.onDone, onOpen: props.onOpen, allowLeaving });

  const widgets = new Map(draft.widgets.map((widget) => [widget.id, widget]));
  const results = new Map(props.data?.widgets.map((result) => [result.widgetId, result]));
  const arrange = useArrangeCommands({
    history,
    dispatch,
    breakpoint,
    focusWidget,
    onRemoved: (widgetId) => setConfiguring((open) => (open === widgetId ? null : open)),
  });
  const { liftedId, drop } = arrange;
  const actions = { onConfigure: setConfiguring, onDuplicate: arrange.onDuplicate, onRemove: arrange.onRemove };

  const configured = configuring ? widgets.get(configuring) : undefined;
  const closeEditor = () => {
    const widgetId = configuring;
    setConfiguring(null);
    if (widgetId) focusWidget(widgetId);
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
        onAdd={arrange.onAdd}
        onUndo={() => arrange.undoOrRedo('undo')}
        onRedo={() => arrange.undoOrRedo('redo')}
        onSave={() => {
          if (liftedId) drop(liftedId);
          void saving.save(history.present);
        }}
        onCancel={() => (dirty ? setConfirmingCancel(true) : props.onDone())}
      />
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="arrange-announcer">
        {arrange.spoken}
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
              onKey={arrange.onKey}
              onLeave={arrange.onLeave}
              onArrange={arrange.onArrange}
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
              onRestack={arrange.onRestack}
              {...actions}
            />
          )}
        </div>
        {configured && (
          <aside aria-label="Widget editor" className={styles.editorSlot}>
            <WidgetEditor
              // A fresh form after undo / redo: the editor keeps its own typing otherwise.
              key={`${configured.id}:${arrange.travels}`}
              organizationId={organizationId}
              widget={configured}
              onChange={(widget) => dispatch({ type: 'change', to: (present) => replaceWidget(present, widget), mergeKey: `widget:${widget.id}` })}
              onClose={closeEditor}
              renderPreview={(widget, result, loading) => <WidgetView widget={widget} result={result} loading={loading} stale={false} onRetry={props.onRetry} />}
            />
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
