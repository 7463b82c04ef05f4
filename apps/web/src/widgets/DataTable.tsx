import type { NumbersTable } from './describe.ts';
import styles from './WidgetView.module.css';

/** A row's first cell as a button (a chart's drill-down for the keyboard): its accessible name, or null for a row that does nothing. */
export type RowAction = { labelOf(rowIndex: number): string | null; onSelect(rowIndex: number): void };

type Props = { caption: string; table: NumbersTable; showRank?: boolean; id?: string; rowAction?: RowAction | undefined };

/**
 * A widget's numbers as a table: the table widget's body, and every chart's text alternative.
 * A long table scrolls inside the widget, so the keyboard can focus it (and scroll it with the
 * arrow keys); a named region says what the focus landed on.
 */
export function DataTable({ caption, table, showRank = false, id, rowAction }: Props) {
  return (
    <div className={styles.tableWrap} id={id} role="region" aria-label={`Table: ${caption}`} tabIndex={0}>
      <table className={`table ${styles.table}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {showRank && <th scope="col">#</th>}
            {table.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            // Rows have no identity of their own: a ranking is its positions.
            <tr key={rowIndex}>
              {showRank && <td>{rowIndex + 1}</td>}
              {row.map((cell, cellIndex) => (
                <td key={cellIndex}>{cellIndex === 0 ? <RowCell text={cell} label={rowAction?.labelOf(rowIndex) ?? null} onSelect={() => rowAction?.onSelect(rowIndex)} /> : cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowCell({ text, label, onSelect }: { text: string; label: string | null; onSelect(): void }) {
  if (label === null) return text;
  return (
    <button type="button" className="link-button" aria-label={label} onClick={onSelect}>
      {text}
    </button>
  );
}
