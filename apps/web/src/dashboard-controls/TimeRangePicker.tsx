import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TimeRange } from '@pulse/api-contract/schemas';
import { CustomRangeForm } from './CustomRangeForm.tsx';
import { describeTimeRange } from './dashboard-view.ts';
import type { CompareMode } from './dashboard-view.ts';
import { movedIndex, optionIndexOf, RANGE_OPTIONS } from './range-options.ts';
import type { RangeOption } from './range-options.ts';
import styles from './TimeRangePicker.module.css';

type Props = {
  timeRange: TimeRange | undefined;
  compare: CompareMode;
  onTimeRange(timeRange: TimeRange | undefined): void;
  onCompare(compare: CompareMode): void;
};

/**
 * The dashboard's time range: a button naming it, opening a list of ranges (arrow keys, Home,
 * End, Enter; Escape closes and gives the focus back to the button), a custom range, and the
 * comparison with the previous period.
 */
export function TimeRangePicker({ timeRange, compare, onTimeRange, onCompare }: Props) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(false);
  const [active, setActive] = useState(0);
  const ids = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listbox = useRef<HTMLUListElement>(null);
  const selected = optionIndexOf(timeRange);

  const close = () => {
    setOpen(false);
    setCustom(false);
    button.current?.focus();
  };

  // A click elsewhere closes it, as any popover (the focus stays where the click put it).
  useEffect(() => {
    if (!open) return;
    const onMouseDown = (event: MouseEvent) => {
      if (wrapper.current && event.target instanceof Node && !wrapper.current.contains(event.target)) {
        setOpen(false);
        setCustom(false);
      }
    };
    window.addEventListener('mousedown', onMouseDown);
    return () => window.removeEventListener('mousedown', onMouseDown);
  }, [open]);

  useEffect(() => {
    if (open && !custom) listbox.current?.focus();
  }, [open, custom]);

  const choose = (option: RangeOption) => {
    if (option.kind === 'custom') {
      setCustom(true);
      return;
    }
    onTimeRange(option.timeRange);
    close();
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const moved = movedIndex(event.key, active);
    if (moved !== null) {
      event.preventDefault();
      setActive(moved);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const option = RANGE_OPTIONS[active];
      if (option) choose(option);
    }
  };

  const optionId = (index: number) => `${ids}-option-${index}`;
  const label = describeTimeRange(timeRange);

  return (
    <div className={styles.picker} ref={wrapper}>
      <button
        ref={button}
        type="button"
        className={`button ${styles.trigger}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? `${ids}-popover` : undefined}
        aria-label={`Time range: ${label}${compare ? ', compared with the previous period' : ''}`}
        onClick={() => {
          if (open) return close();
          setActive(selected);
          setOpen(true);
        }}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <circle cx="12" cy="12" r="9" />
          <path d="M12 7v5l3 2" />
        </svg>
        <span className={styles.label}>{label}</span>
        {compare && <span className={styles.compareTag}>vs previous</span>}
      </button>
      {open && (
        <div
          id={`${ids}-popover`}
          role="dialog"
          aria-label="Time range"
          className={`card ${styles.popover}`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            close();
          }}
        >
          {custom ? (
            <CustomRangeForm
              timeRange={timeRange}
              onApply={(range) => {
                onTimeRange(range);
                close();
              }}
              onCancel={() => setCustom(false)}
            />
          ) : (
            <ul ref={listbox} role="listbox" tabIndex={0} aria-label="Ranges" aria-activedescendant={optionId(active)} className={styles.list} onKeyDown={onListKey}>
              {RANGE_OPTIONS.map((option, index) => (
                <li
                  key={option.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === selected}
                  className={index === active ? `${styles.option} ${styles.active}` : styles.option}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => choose(option)}
                >
                  {option.label}
                </li>
              ))}
            </ul>
          )}
          <label className={`inline-field ${styles.compare}`}>
            <input type="checkbox" checked={compare === 'previous_period'} onChange={(event) => onCompare(event.target.checked ? 'previous_period' : null)} />
            <span>Compare with previous period</span>
          </label>
        </div>
      )}
    </div>
  );
}
