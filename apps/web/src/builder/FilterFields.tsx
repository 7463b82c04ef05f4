import { useFieldArray } from 'react-hook-form';
import { BUILT_IN_EVENT_TYPES, WIDGET_LIMITS } from '@pulse/api-contract/schemas';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { SectionProps } from './editor-form.ts';
import { EDITED } from './QueryFields.tsx';
import styles from './WidgetEditor.module.css';

const OPERATORS = [
  { value: 'eq', label: 'is any of' },
  { value: 'neq', label: 'is none of' },
] as const;

/** Which events count: event types (built-in ones ticked, custom ones typed) and property = value filters. */
export function FilterFields({ form, draft, issues }: SectionProps) {
  const properties = useFieldArray({ control: form.control, name: 'query.filters.properties' });
  return (
    <fieldset className={styles.fieldset}>
      <legend>Filters</legend>
      <fieldset className={styles.subFieldset}>
        <legend>Event types (none ticked: all)</legend>
        <div className={styles.checkGrid}>
          {BUILT_IN_EVENT_TYPES.map((type) => (
            <label key={type} className="inline-field">
              <input type="checkbox" value={type} {...form.register('query.filters.builtInTypes')} />
              <span className={styles.mono}>{type}</span>
            </label>
          ))}
        </div>
        <TextField label="Custom event types (optional)" placeholder="custom.checkout, custom.signup" error={issues.at('query.filters.eventTypes')} {...form.register('query.filters.eventTypes')} />
      </fieldset>
      <fieldset className={styles.subFieldset}>
        <legend>Property filters</legend>
        {issues.own('query.filters.properties') && (
          <p className="field-error" role="alert">
            {issues.own('query.filters.properties')}
          </p>
        )}
        {properties.fields.map((row, index) => (
          <div key={row.id} className={styles.filterRow} role="group" aria-label={`Property filter ${index + 1}`}>
            <TextField label="Property" placeholder="route" error={issues.at(`query.filters.properties.${index}.property`)} {...form.register(`query.filters.properties.${index}.property`)} />
            <SelectField
              label="Condition"
              value={draft.query.filters.properties[index]?.op ?? row.op}
              choices={OPERATORS}
              onChange={(op) => form.setValue(`query.filters.properties.${index}.op`, op, EDITED)}
            />
            <TextField label="Values" placeholder="/checkout, /cart" error={issues.at(`query.filters.properties.${index}.values`)} {...form.register(`query.filters.properties.${index}.values`)} />
            <button type="button" className="button button-quiet" aria-label={`Remove property filter ${index + 1}`} onClick={() => properties.remove(index)}>
              Remove
            </button>
          </div>
        ))}
        {properties.fields.length < WIDGET_LIMITS.maxFilters && (
          <button type="button" className="button button-quiet" onClick={() => properties.append({ property: '', op: 'eq', values: '' })}>
            Add property filter
          </button>
        )}
      </fieldset>
    </fieldset>
  );
}
