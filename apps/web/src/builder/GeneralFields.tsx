import { WIDGET_TYPES } from '@pulse/api-contract/schemas';
import type { WidgetType } from '@pulse/api-contract/schemas';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { SectionProps } from './editor-form.ts';
import { TYPE_TEXT } from './labels.ts';
import styles from './WidgetEditor.module.css';

const TYPE_CHOICES = WIDGET_TYPES.map((type) => ({ value: type, label: TYPE_TEXT[type].label }));

/** Type, title and description. A new type goes through `onTypeChange` (the query is refitted, see switchWidgetType). */
export function GeneralFields({ form, draft, issues, onTypeChange }: SectionProps & { onTypeChange(type: WidgetType): void }) {
  return (
    <fieldset className={styles.fieldset}>
      <legend>Widget</legend>
      <SelectField label="Type" value={draft.type} choices={TYPE_CHOICES} onChange={onTypeChange} hint={TYPE_TEXT[draft.type].description} />
      <TextField label="Title" error={issues.at('title')} {...form.register('title')} />
      <TextField label="Description (optional)" error={issues.at('description')} {...form.register('description')} />
    </fieldset>
  );
}
