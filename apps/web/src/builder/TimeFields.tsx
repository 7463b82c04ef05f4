import { RELATIVE_RANGES } from '@pulse/api-contract/schemas';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import { CheckboxField } from './CheckboxField.tsx';
import type { SectionProps } from './editor-form.ts';
import { RELATIVE_RANGE_LABELS } from '../ui/time-ranges.ts';
import { choicesOf } from './labels.ts';
import { EDITED } from './QueryFields.tsx';
import styles from './WidgetEditor.module.css';

/**
 * The widget's own time range (the dashboard's time picker, when set, replaces it) and the
 * comparison with the period before. Live counters have their own windows: neither applies.
 */
export function TimeFields({ form, draft, issues }: SectionProps) {
  const { source, timeRange } = draft.query;
  if (source === 'counters') {
    return (
      <fieldset className={styles.fieldset}>
        <legend>Time range</legend>
        <p className="muted small">A live counter has its own window (this minute, the last hour, today): no time range or comparison.</p>
      </fieldset>
    );
  }
  return (
    <fieldset className={styles.fieldset}>
      <legend>Time range</legend>
      <p className="muted small">The dashboard’s time picker, when one is chosen there, replaces this range.</p>
      <div className={styles.radioRow} role="radiogroup" aria-label="Kind of range">
        <label className="inline-field">
          <input type="radio" value="relative" {...form.register('query.timeRange.kind')} /> Relative
        </label>
        <label className="inline-field">
          <input type="radio" value="absolute" {...form.register('query.timeRange.kind')} /> Absolute
        </label>
      </div>
      {timeRange.kind === 'relative' ? (
        <SelectField label="Range" value={timeRange.range} choices={choicesOf(RELATIVE_RANGE_LABELS, RELATIVE_RANGES)} onChange={(range) => form.setValue('query.timeRange.range', range, EDITED)} error={issues.at('query.timeRange.range')} />
      ) : (
        <div className={styles.fieldGrid}>
          <TextField label="From" type="datetime-local" error={issues.at('query.timeRange.from')} {...form.register('query.timeRange.from')} />
          <TextField label="To" type="datetime-local" error={issues.at('query.timeRange.to')} {...form.register('query.timeRange.to')} />
        </div>
      )}
      {(source === 'activity' || source === 'metrics') && <CheckboxField label="Compare with the previous period" error={issues.at('query.compare')} {...form.register('query.compare')} />}
    </fieldset>
  );
}
