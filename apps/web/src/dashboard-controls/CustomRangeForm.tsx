import { useState } from 'react';
import type { TimeRange } from '@pulse/api-contract/schemas';
import { TextField } from '../ui/TextField.tsx';
import { checkCustomRange, draftOf } from './custom-range.ts';
import type { CustomRangeErrors } from './custom-range.ts';
import styles from './TimeRangePicker.module.css';

type Props = {
  timeRange: TimeRange | undefined;
  onApply(timeRange: TimeRange): void;
  onCancel(): void;
};

/**
 * Two `datetime-local` inputs (the browser's own calendar), in the viewer's time zone; checked
 * on Apply with the contract's limits, each message beside its input.
 */
export function CustomRangeForm({ timeRange, onApply, onCancel }: Props) {
  const [draft, setDraft] = useState(() => draftOf(timeRange, Date.now()));
  const [errors, setErrors] = useState<CustomRangeErrors>({});

  const apply = () => {
    const checked = checkCustomRange(draft);
    if ('errors' in checked) setErrors(checked.errors);
    else onApply(checked.timeRange);
  };

  return (
    <form
      className={styles.custom}
      aria-label="Custom range"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <TextField
        label="From"
        type="datetime-local"
        autoFocus
        value={draft.from}
        error={errors.from}
        onChange={(event) => setDraft({ ...draft, from: event.target.value })}
      />
      <TextField
        label="To"
        type="datetime-local"
        min={draft.from || undefined}
        value={draft.to}
        error={errors.to}
        onChange={(event) => setDraft({ ...draft, to: event.target.value })}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Apply range
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}
