import { describeFilter, filterToken } from './drill-filters.ts';
import type { DrillFilter } from './drill-filters.ts';
import { rememberedFilterLabel } from './filter-labels.ts';
import styles from './FilterChips.module.css';

type Props = {
  filters: readonly DrillFilter[];
  onRemove(filter: DrillFilter): void;
  /** The name of a filtered id (a department's), when the dashboard knows it; else the clicked label, else the id. */
  labelOf?(filter: DrillFilter): string | undefined;
};

/** The drill-down filters in effect, each a chip its ✕ removes; nothing when there are none. */
export function FilterChips({ filters, onRemove, labelOf }: Props) {
  if (filters.length === 0) return null;
  return (
    <ul className={styles.chips} aria-label="Filters">
      {filters.map((filter) => {
        const text = describeFilter(filter, labelOf?.(filter) ?? rememberedFilterLabel(filter));
        return (
          <li key={filterToken(filter)} className={styles.chip}>
            <span className={styles.text}>{text}</span>
            <button type="button" className={styles.remove} aria-label={`Remove filter ${text}`} onClick={() => onRemove(filter)}>
              <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round">
                <path d="M6 6l12 12M18 6L6 18" />
              </svg>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
