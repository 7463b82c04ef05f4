import type { ReactNode } from 'react';

/** A screen's list as a table in a card; an empty heading is the (hidden) actions column. */
export function TableCard({ label, columns, children }: { label: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="card table-card">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Nothing to list yet: what that means, and how to get something here. */
export function EmptyState({ title, hint }: { title: string; hint: string }) {
  return (
    <div className="card empty">
      <p>{title}</p>
      <p className="muted">{hint}</p>
    </div>
  );
}
