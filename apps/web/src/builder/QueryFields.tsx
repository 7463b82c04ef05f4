import { ENGAGEMENT_ORDER, LIVE_COUNTER_NAMES, METRIC_AGGREGATIONS, REPORT_MEASURES, REPORT_TABLE_MEASURES, TIME_BUCKETS } from '@pulse/api-contract/schemas';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { SectionProps } from './editor-form.ts';
import { BUCKET_LABELS, choicesOf, COUNTER_LABELS, GROUPING_LABELS, MEASURE_LABELS, ORDER_LABELS, REPORT_MEASURE_LABELS, SOURCE_LABELS } from './labels.ts';
import { ACTIVITY_GROUPINGS, ACTIVITY_MEASURES, METRIC_GROUPINGS, SOURCES } from './widget-draft.ts';
import type { Source, WidgetDraft } from './widget-draft.ts';
import styles from './WidgetEditor.module.css';

/** A change the user made (the form's watchers see it as one). */
export const EDITED = { shouldDirty: true } as const;

const GROUPINGS: Partial<Record<Source, readonly WidgetDraft['query']['groupBy']['by'][]>> = { activity: ACTIVITY_GROUPINGS, metrics: METRIC_GROUPINGS };
const CATEGORICAL = ['event_type', 'property', 'user', 'branch', 'department', 'label'];

/** The grouping, with the time bucket or the property / label it needs. */
function GroupingFields({ form, draft, issues }: SectionProps) {
  const { groupBy, source } = draft.query;
  return (
    <div className={styles.fieldGrid}>
      <SelectField
        label="Group by"
        value={groupBy.by}
        choices={choicesOf(GROUPING_LABELS, GROUPINGS[source])}
        onChange={(by) => form.setValue('query.groupBy.by', by, EDITED)}
        // Whether the type can draw this grouping is an issue of the query as a whole: said here.
        error={issues.own('query')}
      />
      {groupBy.by === 'time' && (
        <SelectField
          label="Time bucket"
          value={groupBy.bucket}
          choices={choicesOf(BUCKET_LABELS, TIME_BUCKETS)}
          onChange={(bucket) => form.setValue('query.groupBy.bucket', bucket, EDITED)}
          error={issues.at('query.groupBy.bucket')}
        />
      )}
      {groupBy.by === 'property' && <TextField label="Grouping property" placeholder="route" error={issues.at('query.groupBy.property')} {...form.register('query.groupBy.property')} />}
      {groupBy.by === 'label' && <TextField label="Grouping label" placeholder="queue" error={issues.at('query.groupBy.label')} {...form.register('query.groupBy.label')} />}
      {CATEGORICAL.includes(groupBy.by) && <TextField label="Categories shown" inputMode="numeric" error={issues.at('query.limit')} {...form.register('query.limit')} />}
    </div>
  );
}

function ActivityFields(props: SectionProps) {
  const { form, draft, issues } = props;
  const numeric = draft.query.measure.kind !== 'count' && draft.query.measure.kind !== 'distinct_users';
  return (
    <>
      <div className={styles.fieldGrid}>
        <SelectField
          label="Measure"
          value={draft.query.measure.kind}
          choices={choicesOf(MEASURE_LABELS, ACTIVITY_MEASURES)}
          onChange={(kind) => form.setValue('query.measure.kind', kind, EDITED)}
          error={issues.own('query.measure')}
        />
        {numeric && <TextField label="Numeric property" placeholder="durationMs" error={issues.at('query.measure.property')} {...form.register('query.measure.property')} />}
      </div>
      <GroupingFields {...props} />
    </>
  );
}

function MetricFields(props: SectionProps) {
  const { form, draft, issues } = props;
  return (
    <>
      <div className={styles.fieldGrid}>
        <TextField label="Metric name" placeholder="http_request_duration_ms" error={issues.at('query.metricName')} {...form.register('query.metricName')} />
        <SelectField
          label="Aggregation"
          value={draft.query.aggregation}
          choices={METRIC_AGGREGATIONS}
          onChange={(aggregation) => form.setValue('query.aggregation', aggregation, EDITED)}
          error={issues.at('query.aggregation')}
        />
        <TextField label="Label filter (optional)" placeholder="queue=emails, region=eu" error={issues.at('query.labels')} {...form.register('query.labels')} />
      </div>
      <GroupingFields {...props} />
    </>
  );
}

/** Source, measure and grouping of the query: the fields of the chosen source only (the others' values are kept). */
export function QueryFields(props: SectionProps) {
  const { form, draft, issues } = props;
  const { source } = draft.query;
  const chooseSource = (next: Source) => {
    form.setValue('query.source', next, EDITED);
    // A grouping the new source does not have becomes none (activity has no labels, metrics no event types).
    const groupings = GROUPINGS[next];
    if (groupings && !groupings.includes(draft.query.groupBy.by)) form.setValue('query.groupBy.by', 'none', EDITED);
  };
  return (
    <fieldset className={styles.fieldset}>
      <legend>Data</legend>
      <SelectField label="Source" value={source} choices={choicesOf(SOURCE_LABELS, SOURCES)} onChange={chooseSource} error={source === 'engagement' ? issues.own('query') : undefined} />
      {source === 'activity' && <ActivityFields {...props} />}
      {source === 'metrics' && <MetricFields {...props} />}
      {source === 'counters' && (
        <SelectField
          label="Counter"
          value={draft.query.counter}
          choices={choicesOf(COUNTER_LABELS, LIVE_COUNTER_NAMES)}
          onChange={(counter) => form.setValue('query.counter', counter, EDITED)}
          error={issues.own('query')}
        />
      )}
      {source === 'engagement' && (
        <div className={styles.fieldGrid}>
          <SelectField label="Order users by" value={draft.query.orderBy} choices={choicesOf(ORDER_LABELS, ENGAGEMENT_ORDER)} onChange={(orderBy) => form.setValue('query.orderBy', orderBy, EDITED)} />
          <TextField label="Users shown" inputMode="numeric" error={issues.at('query.limit')} {...form.register('query.limit')} />
        </div>
      )}
      {source === 'reports' && (
        <div className={styles.fieldGrid}>
          <SelectField
            label="Report measure"
            value={draft.query.reportMeasure}
            choices={choicesOf(REPORT_MEASURE_LABELS, REPORT_MEASURES)}
            onChange={(measure) => form.setValue('query.reportMeasure', measure, EDITED)}
            error={issues.own('query')}
          />
          <TextField label="Report type (optional)" error={issues.at('query.reportType')} {...form.register('query.reportType')} />
          {REPORT_TABLE_MEASURES.includes(draft.query.reportMeasure) && (
            <TextField label="Reports shown" inputMode="numeric" error={issues.at('query.limit')} {...form.register('query.limit')} />
          )}
        </div>
      )}
    </fieldset>
  );
}
