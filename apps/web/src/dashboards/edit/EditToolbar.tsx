import { useId, useRef, useState } from 'react';
import { WIDGET_LIMITS, WIDGET_TYPES } from '@pulse/api-contract/schemas';
import type { WidgetType } from '@pulse/api-contract/schemas';
import { WIDGET_STARTERS } from './new-widget.ts';
import styles from './DashboardEditor.module.css';

type Props = {
  dirty: boolean;
  saving: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The dashboard holds as many widgets as the contract allows. */
  full: boolean;
  helpId: string;
  help: string;
  onAdd(type: WidgetType): void;
  onUndo(): void;
  onRedo(): void;
  onSave(): void;
  onCancel(): void;
};

/** Edit mode's commands, the palette of the ten widget types, and how to arrange by keyboard. */
export function EditToolbar(props: Props) {
  const [paletteOpen, setPaletteOpen] = useState(false);
  const paletteId = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  const closePalette = () => {
    setPaletteOpen(false);
    addButton.current?.focus();
  };
  return (
    <section className={`card ${styles.toolbar}`} aria-label="Edit mode">
      <div className="button-row">
        <button
          ref={addButton}
          type="button"
          className="button"
          aria-expanded={paletteOpen}
          aria-controls={paletteId}
          disabled={props.full}
          title={props.full ? `A dashboard holds at most ${WIDGET_LIMITS.maxWidgets} widgets` : undefined}
          onClick={() => setPaletteOpen(!paletteOpen)}
        >
          Add widget
        </button>
        <button type="button" className="button" disabled={!props.canUndo} onClick={props.onUndo} aria-keyshortcuts="Control+Z">
          Undo
        </button>
        <button type="button" className="button" disabled={!props.canRedo} onClick={props.onRedo} aria-keyshortcuts="Control+Shift+Z">
          Redo
        </button>
        <span className={styles.status} role="status">
          {props.saving ? 'Saving…' : props.dirty ? 'Unsaved changes' : 'No changes yet'}
        </span>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={!props.dirty || props.saving} onClick={props.onSave}>
          Save
        </button>
      </div>
      <p id={props.helpId} className={`muted small ${styles.help}`}>
        {props.help}
      </p>
      {paletteOpen && (
        <ul
          id={paletteId}
          className={styles.palette}
          aria-label="Widget types"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            closePalette();
          }}
        >
          {WIDGET_TYPES.map((type) => (
            <li key={type}>
              <button
                type="button"
                className={styles.paletteItem}
                onClick={() => {
                  setPaletteOpen(false);
                  props.onAdd(type);
                }}
              >
                <strong>{WIDGET_STARTERS[type].name}</strong>
                <span className="muted small">{WIDGET_STARTERS[type].description}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
