import { useFieldArray } from 'react-hook-form';
import { NUMBER_FORMATS, WIDGET_LIMITS } from '@pulse/api-contract/schemas';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import { CheckboxField } from './CheckboxField.tsx';
import type { SectionProps } from './editor-form.ts';
import { choicesOf, FORMAT_LABELS, SCALE_LABELS } from './labels.ts';
import { EDITED } from './QueryFields.tsx';
import { HEATMAP_SCALES, NEW_THRESHOLD_COLOR } from './widget-draft.ts';
import styles from './WidgetEditor.module.css';

/** From a value upwards the number takes a colour: a list of value, colour and label. */
function ThresholdFields({ form, issues }: SectionProps) {
  const thresholds = useFieldArray({ control: form.control, name: 'options.thresholds' });
  const listIssue = issues.own('options.thresholds');
  return (
    <fieldset className={styles.subFieldset}>
      <legend>Thresholds</legend>
      {listIssue && (
        <p className="field-error" role="alert">
          {listIssue}
        </p>
      )}
      {thresholds.fields.map((row, index) => (
        <div key={row.id} className={styles.thresholdRow} role="group" aria-label={`Threshold ${index + 1}`}>
          <TextField label="From value" inputMode="decimal" error={issues.at(`options.thresholds.${index}.value`)} {...form.register(`options.thresholds.${index}.value`)} />
          <TextField label="Colour" type="color" error={issues.at(`options.thresholds.${index}.color`)} {...form.register(`options.thresholds.${index}.color`)} />
          <TextField label="Label (optional)" error={issues.at(`options.thresholds.${index}.label`)} {...form.register(`options.thresholds.${index}.label`)} />
          <button type="button" className="button button-quiet" aria-label={`Remove threshold ${index + 1}`} onClick={() => thresholds.remove(index)}>
            Remove
          </button>
        </div>
      ))}
      {thresholds.fields.length < WIDGET_LIMITS.maxThresholds && (
        <button type="button" className="button button-quiet" onClick={() => thresholds.append({ value: '', color: NEW_THRESHOLD_COLOR, label: '' })}>
          Add threshold
        </button>
      )}
    </fieldset>
  );
}

/** How the number is written and drawn: the options every type has, then the type's own. */
export function OptionsFields(props: SectionProps) {
  const { form, draft, issues } = props;
  const { type } = draft;
  const number = (name: 'target' | 'min' | 'max', label: string) => <TextField label={label} inputMode="decimal" error={issues.at(`options.${name}`)} {...form.register(`options.${name}`)} />;
  return (
    <fieldset className={styles.fieldset}>
      <legend>Display</legend>
      <div className={styles.fieldGrid}>
        <TextField label="Unit (optional)" placeholder="ms" error={issues.at('options.unit')} {...form.register('options.unit')} />
        <SelectField
          label="Number format"
          value={draft.options.numberFormat}
          choices={choicesOf(FORMAT_LABELS, NUMBER_FORMATS)}
          onChange={(format) => form.setValue('options.numberFormat', format, EDITED)}
          error={issues.at('options.numberFormat')}
        />
        <TextField label="Decimals" inputMode="numeric" error={issues.at('options.decimals')} {...form.register('options.decimals')} />
        {(type === 'kpi_card' || type === 'progress_bar') && number('target', 'Target')}
        {type === 'gauge' && (
          <>
            {number('min', 'Minimum')}
            {number('max', 'Maximum')}
            {number('target', 'Target (optional)')}
          </>
        )}
        {type === 'heatmap' && (
          <SelectField label="Colour scale" value={draft.options.colorScale} choices={choicesOf(SCALE_LABELS, HEATMAP_SCALES)} onChange={(scale) => form.setValue('options.colorScale', scale, EDITED)} />
        )}
      </div>
      <div className={styles.radioRow}>
        {type === 'kpi_card' && <CheckboxField label="Higher is better" {...form.register('options.higherIsBetter')} />}
        {(type === 'line_chart' || type === 'bar_chart') && <CheckboxField label="Stacked" {...form.register('options.stacked')} />}
        {(type === 'line_chart' || type === 'bar_chart' || type === 'pie_chart') && <CheckboxField label="Show legend" {...form.register('options.showLegend')} />}
        {type === 'pie_chart' && <CheckboxField label="Donut" {...form.register('options.donut')} />}
        {type === 'table' && <CheckboxField label="Show rank" {...form.register('options.showRank')} />}
      </div>
      <ThresholdFields {...props} />
    </fieldset>
  );
}
