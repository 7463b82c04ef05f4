import type { ReactNode } from 'react';
import type { CellActions } from './types.ts';
import styles from './DashboardEditor.module.css';

type Props = CellActions & {
  widgetId: string;
  title: string;
  /** Mouse arranging: the grip react-grid-layout drags by. */
  draggable: boolean;
  /** Extra controls before the common ones (the phone column's Move up / Move down). */
  children?: ReactNode;
};

/** The bar above a widget in edit mode: its drag grip and what can be done to it. */
export function CellChrome({ widgetId, title, draggable, children, onConfigure, onDuplicate, onRemove }: Props) {
  return (
    <div className={styles.chrome}>
      {draggable && (
        // Mouse only (the keyboard lifts the whole cell): hidden from assistive technology.
        <span className={styles.grip} data-drag-handle aria-hidden="true" title={`Drag to move ${title}`}>
          ⠿
        </span>
      )}
      {/* The cell is already named by the title (and the widget's card says it again). */}
      <span className={styles.chromeTitle} aria-hidden="true">
        {title}
      </span>
      <span className={styles.chromeActions}>
        {children}
        <button type="button" className="button button-quiet" data-action="configure" onClick={() => onConfigure(widgetId)}>
          Configure
        </button>
        <button type="button" className="button button-quiet" data-action="duplicate" onClick={() => onDuplicate(widgetId)}>
          Duplicate
        </button>
        <button type="button" className="button button-quiet" data-action="remove" onClick={() => onRemove(widgetId)}>
          Remove
        </button>
      </span>
    </div>
  );
}
