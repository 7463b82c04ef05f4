import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { FieldPath } from 'react-hook-form';
import type { Widget, WidgetResult, WidgetType } from '@pulse/api-contract/schemas';
import { issuesOf } from './editor-form.ts';
import { FilterFields } from './FilterFields.tsx';
import { GeneralFields } from './GeneralFields.tsx';
import { OptionsFields } from './OptionsFields.tsx';
import { QueryFields } from './QueryFields.tsx';
import { switchWidgetType } from './switch-widget-type.ts';
import { TimeFields } from './TimeFields.tsx';
import { useWidgetPreview } from './useWidgetPreview.ts';
import { draftFromWidget, widgetFormSchema } from './widget-draft.ts';
import type { WidgetDraft } from './widget-draft.ts';
import styles from './WidgetEditor.module.css';

export type WidgetEditorProps = {
  organizationId: string;
  widget: Widget;
  /** Every valid edit (drives the dashboard's draft); an edit the contract refuses is shown, not sent. */
  onChange: (widget: Widget) => void;
  onClose: () => void;
  /** Draws the preview (the page passes WidgetView); `result` is undefined until the first answer. */
  renderPreview: (widget: Widget, result: WidgetResult | undefined, loading: boolean) => ReactNode;
  /**
   * What the server refused in this widget when the dashboard was saved (a `widgetPreferences.N`
   * issue with that prefix taken off), shown beside the fields until the next edit.
   */
  serverIssues?: readonly WidgetIssue[];
};

export type WidgetIssue = { path: readonly PropertyKey[]; message: string };

const resolver = zodResolver(widgetFormSchema);

/**
 * The form of one widget, checked by the contract's `Widget` on every change: each issue beside
 * its field, each valid edit sent up (once: an edit back to the last valid widget is not news).
 */
function WidgetForm({ organizationId, widget, onChange, onClose, renderPreview, serverIssues }: WidgetEditorProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useForm<WidgetDraft, unknown, Widget>({
    defaultValues: draftFromWidget(widget),
    resolver,
    // Checked as a whole on every change (below): an issue between fields (from and to,
    // thresholds in order, a grouping the type cannot draw) shows wherever it is.
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
  });
  const { watch, trigger, getValues, reset, setError, formState } = form;
  const draft = watch();
  const issues = issuesOf(formState.errors);

  const [valid, setValid] = useState(widget);
  const lastSent = useRef(JSON.stringify(widget));
  /**
   * What a new type is made from: the last valid widget edited by hand, not by a switch. Trying
   * types one after another (the arrow keys on the type select) starts each from it, so coming
   * back to the first type brings it back whole; an edit the contract refused is not carried.
   */
  const switchedFrom = useRef(widget);
  const sendUp = useRef(onChange);
  useEffect(() => {
    sendUp.current = onChange;
  });
  const accept = useCallback((next: Widget, bySwitch: boolean) => {
    setValid(next);
    const key = JSON.stringify(next);
    if (key === lastSent.current) return;
    lastSent.current = key;
    if (!bySwitch) switchedFrom.current = next;
    sendUp.current(next);
  }, []);

  useEffect(() => {
    const subscription = watch(() => {
      void trigger();
      const parsed = widgetFormSchema.safeParse(getValues());
      if (parsed.success) accept(parsed.data, false);
    });
    return () => subscription.unsubscribe();
  }, [watch, trigger, getValues, accept]);

  useEffect(() => heading.current?.focus(), []);

  // The draft has the contract's shape, so an issue's path names its field (an empty one: said on
  // top). The next edit checks the whole widget again and replaces them. Compared by content: a
  // page that filters its issues on every render does not bring back what an edit cleared.
  const serverIssuesKey = JSON.stringify(serverIssues ?? []);
  useEffect(() => {
    const issues: WidgetIssue[] = JSON.parse(serverIssuesKey);
    for (const issue of issues) {
      const path = issue.path.map(String).join('.');
      setError((path === '' ? 'root.server' : path) as FieldPath<WidgetDraft>, { type: 'server', message: issue.message });
    }
  }, [serverIssuesKey, setError]);

  const changeType = (type: WidgetType) => {
    const next = switchWidgetType(switchedFrom.current, type);
    // Accepted first: the form's own echo of the reset is then no news (and no hand edit).
    accept(next, true);
    reset(draftFromWidget(next));
  };

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    onClose();
  };

  const preview = useWidgetPreview(organizationId, valid);
  const sections = { form, draft, issues };
  return (
    <section className={`card ${styles.editor}`} aria-labelledby={headingId} onKeyDown={closeOnEscape}>
      <header className={styles.header}>
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Edit widget
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <div className={styles.body}>
        <form className={styles.form} aria-label="Widget settings" noValidate onSubmit={(event) => event.preventDefault()}>
          {formState.errors.root?.server && (
            <p className="form-error" role="alert">
              {formState.errors.root.server.message}
            </p>
          )}
          <GeneralFields {...sections} onTypeChange={changeType} />
          <QueryFields {...sections} />
          {draft.query.source === 'activity' && <FilterFields {...sections} />}
          <TimeFields {...sections} />
          <OptionsFields {...sections} />
        </form>
        <section className={styles.preview} aria-label="Live preview" aria-busy={preview.loading}>
          <h3>Preview</h3>
          {preview.error && (
            <p className="field-error" role="alert">
              {preview.error}
            </p>
          )}
          {renderPreview(preview.widget, preview.result, preview.loading)}
        </section>
      </div>
    </section>
  );
}

/**
 * The widget editor the edit mode shows beside the grid: type, title, the query and the options,
 * with a live preview of the real numbers. Another widget starts a fresh form; the same widget
 * coming back through `onChange` does not (what is being typed stays).
 */
export function WidgetEditor(props: WidgetEditorProps) {
  return <WidgetForm key={props.widget.id} {...props} />;
}
