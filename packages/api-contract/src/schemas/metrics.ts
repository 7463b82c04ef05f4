import { z } from 'zod';
import { INGEST_LIMITS } from './limits.ts';
import { TenantInput } from './scope.ts';

/**
 * Metric limits, part of the contract so senders can check before sending; the server answers
 * 400 / 413 with the reason. Labels are bounded because every label set is a series of its own.
 */
export const METRIC_LIMITS = {
  maxSamplesPerBatch: 1000,
  /** Bytes of one `POST /api/metrics` body. */
  maxBatchBytes: 1_048_576,
  maxNameLength: 200,
  maxLabels: 16,
  maxLabelNameLength: 64,
  maxLabelValueLength: 200,
  maxBuckets: 64,
  maxQuantiles: 16,
  /**
   * Every number a sample carries (value, bucket bounds, quantile values, sums) lies within
   * ±maxAbsValue. Far beyond any real measurement, and far enough from float8's ±1.8e308 that
   * no sum of accepted samples can overflow (it would take 1e208 of them) and squares stay
   * finite. docs/decisions.md ("Rollup isolation and value bounds").
   */
  maxAbsValue: 1e100,
  /** Points in one `metrics.aggregated` answer. */
  maxPoints: 1000,
  /** The accepted time window is the events' (the raw samples' partitions cover it). */
  maxPastMs: INGEST_LIMITS.maxPastMs,
  maxFutureMs: INGEST_LIMITS.maxFutureMs,
} as const;

/** Prometheus' metric name pattern. Names starting with `pulse_` are Pulse's own. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const RESERVED_METRIC_PREFIX = 'pulse_';
/** Prometheus' label name pattern; `__*` is reserved there, the others by Pulse's export. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const RESERVED_LABEL_NAMES = ['organization', 'le', 'quantile'] as const;

export const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary'] as const;
export const MetricType = z.enum(METRIC_TYPES);
export type MetricType = z.output<typeof MetricType>;
export const METRIC_CATEGORIES = ['system', 'business', 'user', 'performance', 'security'] as const;
export const MetricCategory = z.enum(METRIC_CATEGORIES);
export type MetricCategory = z.output<typeof MetricCategory>;
export const METRIC_AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count', 'rate', 'p50', 'p95', 'p99'] as const;
/**
 * Over the samples of a step: `avg`, `min`, `max` of the values (of the observations for
 * histograms and summaries), `sum` of the values (a counter's increments), `count` of samples
 * (of observations), `rate` per second (a counter's increase, or observations per second),
 * `p50` / `p95` / `p99` from a log-bucket sketch with 1 % relative error.
 */
export const MetricAggregation = z.enum(METRIC_AGGREGATIONS);
export type MetricAggregation = z.output<typeof MetricAggregation>;

/** A finite number within ±METRIC_LIMITS.maxAbsValue (zod already refuses NaN and ±Infinity). */
export const MetricNumber = z
  .number()
  .refine((value) => Math.abs(value) <= METRIC_LIMITS.maxAbsValue, `numbers in a sample lie within ±${METRIC_LIMITS.maxAbsValue}`);

export const MetricName = z
  .string()
  .min(1)
  .max(METRIC_LIMITS.maxNameLength)
  .regex(METRIC_NAME_PATTERN, 'a metric name matches [a-zA-Z_:][a-zA-Z0-9_:]*');

const LabelName = z
  .string()
  .min(1)
  .max(METRIC_LIMITS.maxLabelNameLength)
  .regex(LABEL_NAME_PATTERN, 'a label name matches [a-zA-Z_][a-zA-Z0-9_]*')
  .refine((name) => !name.startsWith('__'), 'label names starting with __ are reserved')
  .refine((name) => !(RESERVED_LABEL_NAMES as readonly string[]).includes(name), `${RESERVED_LABEL_NAMES.join(', ')} are reserved label names`);

/** A series' labels: at most 16, names like Prometheus', values up to 200 characters. */
export const MetricLabels = z
  .record(LabelName, z.string().max(METRIC_LIMITS.maxLabelValueLength))
  .refine((labels) => Object.keys(labels).length <= METRIC_LIMITS.maxLabels, `at most ${METRIC_LIMITS.maxLabels} labels`);
export type MetricLabels = z.output<typeof MetricLabels>;

/** Observations since the last report (delta), with cumulative bucket counts as Prometheus has them. */
export const HistogramValue = z
  .object({
    buckets: z
      .array(z.object({ le: MetricNumber, count: z.int().min(0) }))
      .min(1)
      .max(METRIC_LIMITS.maxBuckets),
    sum: MetricNumber,
    count: z.int().min(0),
  })
  .superRefine((histogram, ctx) => {
    histogram.buckets.forEach((bucket, index) => {
      const previous = histogram.buckets[index - 1];
      if (previous && (bucket.le <= previous.le || bucket.count < previous.count)) {
        ctx.addIssue({ code: 'custom', path: ['buckets', index], message: 'buckets are cumulative: le ascending, count not decreasing' });
      }
    });
    const last = histogram.buckets.at(-1);
    if (last && histogram.count < last.count) ctx.addIssue({ code: 'custom', path: ['count'], message: 'count is at least the last bucket count' });
  });
export type HistogramValue = z.output<typeof HistogramValue>;

export const SummaryValue = z.object({
  quantiles: z
    .array(z.object({ quantile: z.number().min(0).max(1), value: MetricNumber }))
    .min(1)
    .max(METRIC_LIMITS.maxQuantiles),
  sum: MetricNumber,
  count: z.int().min(0),
});
export type SummaryValue = z.output<typeof SummaryValue>;

/**
 * One sample as a sender submits it. Counters carry their increment since the last report
 * (delta temporality, like StatsD and OTLP delta), so many stateless senders can add to one
 * series. Gauges carry the current value. Histograms and summaries carry either one observation
 * (`value`) or what the sender aggregated (`histogram` with buckets, `summary` with quantiles).
 */
export const MetricSampleInput = z
  .object({
    /** Client-supplied id makes retries safe: the same (id, timestamp) is stored once. */
    id: z.uuid().optional(),
    name: MetricName.refine((name) => !name.startsWith(RESERVED_METRIC_PREFIX), `names starting with ${RESERVED_METRIC_PREFIX} are Pulse's own`),
    type: MetricType,
    category: MetricCategory,
    value: MetricNumber.optional(),
    histogram: HistogramValue.optional(),
    summary: SummaryValue.optional(),
    labels: MetricLabels.default({}),
    /** The user the sample is about, if any. */
    userId: z.string().min(1).max(200).optional(),
    /** ISO 8601 with offset. Absent: the time of acceptance. Send it when you retry. */
    timestamp: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((sample, ctx) => {
    const given = [sample.value !== undefined && 'value', sample.histogram && 'histogram', sample.summary && 'summary'].filter(Boolean);
    const allowed = { counter: ['value'], gauge: ['value'], histogram: ['value', 'histogram'], summary: ['value', 'summary'] }[sample.type];
    if (given.length !== 1 || !allowed.includes(given[0] as string)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `a ${sample.type} sample carries exactly one of: ${allowed.join(', ')}` });
    }
    if (sample.type === 'counter' && sample.value !== undefined && sample.value < 0) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'a counter sample is an increment: 0 or more' });
    }
  });
export type MetricSampleInput = z.input<typeof MetricSampleInput>;
export type MetricSample = z.output<typeof MetricSampleInput>;

export const RecordMetricsBatch = z.object({
  samples: z.array(MetricSampleInput).min(1).max(METRIC_LIMITS.maxSamplesPerBatch),
});
export const RecordMetricsInput = TenantInput.extend(RecordMetricsBatch.shape);
export type RecordMetricsInput = z.output<typeof RecordMetricsInput>;

export const RecordMetricsResult = z.object({
  accepted: z.int(),
  /** Samples already stored under the same id and timestamp (a retry): skipped. */
  duplicates: z.int(),
  /** The id of every accepted sample, in the order sent (assigned when not supplied). */
  ids: z.array(z.uuid()),
});
export type RecordMetricsResult = z.output<typeof RecordMetricsResult>;

/** One series (name + labels) with its latest value and running totals. */
export const MetricSeriesView = z.object({
  name: z.string(),
  type: MetricType,
  category: MetricCategory,
  labels: z.record(z.string(), z.string()),
  /** The latest sample's value (a counter's latest increment; a histogram's mean when aggregated). */
  value: z.number(),
  recordedAt: z.iso.datetime({ offset: true }),
  /** Counters: the sum of every increment kept; histograms and summaries: of every observation. */
  total: z.object({ sum: z.number(), count: z.number() }),
  firstSeenAt: z.iso.datetime({ offset: true }),
});
export type MetricSeriesView = z.output<typeof MetricSeriesView>;

export const LatestMetricInput = TenantInput.extend({
  name: MetricName,
  /** Only the series whose labels include all of these. */
  labels: MetricLabels.optional(),
});
export type LatestMetricInput = z.output<typeof LatestMetricInput>;

export const LatestMetric = z.object({ name: z.string(), series: z.array(MetricSeriesView) });
export type LatestMetric = z.output<typeof LatestMetric>;

export const AggregatedMetricInput = TenantInput.extend({
  name: MetricName,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** Seconds per point. Ranges longer than a day are answered from rollups, with the step rounded up to whole hours (or days). */
  step: z.int().min(1).max(31 * 86_400),
  aggregation: MetricAggregation,
  labels: MetricLabels.optional(),
}).superRefine((input, ctx) => {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is after from' });
  if ((to - from) / 1000 / input.step > METRIC_LIMITS.maxPoints) {
    ctx.addIssue({ code: 'custom', path: ['step'], message: `at most ${METRIC_LIMITS.maxPoints} points: use a larger step` });
  }
});
export type AggregatedMetricInput = z.output<typeof AggregatedMetricInput>;

export const MetricPoint = z.object({
  /** Start of the step. */
  t: z.iso.datetime({ offset: true }),
  /** Null when the step has no samples. */
  value: z.number().nullable(),
  /** Samples (observations) in the step. */
  count: z.number(),
});
export type MetricPoint = z.output<typeof MetricPoint>;

export const METRIC_RESOLUTIONS = ['raw', 'hour', 'day'] as const;
export const AggregatedMetric = z.object({
  name: z.string(),
  aggregation: MetricAggregation,
  /** The range actually covered (aligned to whole hours or days for rollups). */
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  step: z.int(),
  /** Where the answer comes from: raw samples (ranges up to a day) or hourly / daily rollups (the newest, not yet rolled hours from raw samples). */
  resolution: z.enum(METRIC_RESOLUTIONS),
  points: z.array(MetricPoint),
});
export type AggregatedMetric = z.output<typeof AggregatedMetric>;

export const MetricsByCategoryInput = TenantInput.extend({ category: MetricCategory });
export type MetricsByCategoryInput = z.output<typeof MetricsByCategoryInput>;

/** A series with its latest value and what it did over the last 24 hours. */
export const MetricSeriesSummary = MetricSeriesView.extend({
  last24h: z.object({ count: z.number(), sum: z.number(), min: z.number().nullable(), max: z.number().nullable(), avg: z.number().nullable() }),
});
export type MetricSeriesSummary = z.output<typeof MetricSeriesSummary>;

export const MetricsView = z.object({
  generatedAt: z.iso.datetime(),
  categories: z.array(MetricCategory),
  series: z.array(MetricSeriesSummary),
});
export type MetricsView = z.output<typeof MetricsView>;

/** The document's engagement view: user metrics plus the live activity counters. */
export const EngagementView = MetricsView.extend({
  live: z.object({ activeUsers: z.int(), loginsLastHour: z.int(), eventsToday: z.int(), apiCallsPerMinute: z.int() }),
});
export type EngagementView = z.output<typeof EngagementView>;

// --- admin.aggregation ---

export const AGGREGATION_GRANULARITIES = ['hour', 'day'] as const;
export const AggregationGranularity = z.enum(AGGREGATION_GRANULARITIES);
export const AGGREGATION_TRIGGERS = ['schedule', 'manual', 'late'] as const;
export const AGGREGATION_RUN_STATUSES = ['running', 'completed', 'failed'] as const;

export const AggregationRunView = z.object({
  id: z.uuid(),
  granularity: AggregationGranularity,
  bucketStart: z.iso.datetime({ offset: true }),
  bucketEnd: z.iso.datetime({ offset: true }),
  /** schedule (hourly at :05, daily at 02:00 UTC), manual (admin.aggregation.trigger) or late (an hour that received samples after it was rolled). */
  trigger: z.enum(AGGREGATION_TRIGGERS),
  /**
   * Null: a scheduled or manual run over every organization. Otherwise one organization's run:
   * a late re-roll, an ADMIN's manual run, or the failure of that organization within a run.
   */
  organizationId: z.uuid().nullable(),
  status: z.enum(AGGREGATION_RUN_STATUSES),
  /**
   * Rollup rows written. Null for an ADMIN on a run over every organization: that count is
   * the platform's, not the organization's.
   */
  rows: z.int().nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  durationMs: z.int().nullable(),
  error: z.string().nullable(),
});
export type AggregationRunView = z.output<typeof AggregationRunView>;

const ScheduleStatus = z.object({
  /** Every bucket before this is rolled up; null before the first run. */
  watermark: z.iso.datetime({ offset: true }).nullable(),
  /** Cron pattern, UTC. */
  pattern: z.string(),
  nextRunAt: z.iso.datetime().nullable(),
  lastRun: AggregationRunView.nullable(),
});

/**
 * An hour of one organization whose rollup failed (in an hourly or a daily run). Its samples
 * are read raw meanwhile, so answers stay exact; it is retried with growing delays (at most an
 * hour apart) until it rolls, and at once by a manual run.
 */
export const RollupFailure = z.object({
  organizationId: z.uuid(),
  hourStart: z.iso.datetime({ offset: true }),
  attempts: z.int(),
  error: z.string(),
  lastFailedAt: z.iso.datetime({ offset: true }),
  /** Not retried by the schedule before this time. */
  retryAt: z.iso.datetime({ offset: true }).nullable(),
});
export type RollupFailure = z.output<typeof RollupFailure>;

export const AggregationStatusInput = TenantInput.optional();

export const AggregationStatus = z.object({
  /** The organization this status is limited to (an ADMIN's own); null: the whole platform. */
  organizationId: z.uuid().nullable(),
  hourly: ScheduleStatus,
  daily: ScheduleStatus,
  /** Hours that received late samples (or failed) and wait to be rolled again. */
  pendingHours: z.int(),
  /** Organizations' hours whose rollup failed and is being retried (see RollupFailure). */
  failures: z.array(RollupFailure),
  queue: z.object({ waiting: z.int(), active: z.int(), delayed: z.int(), failed: z.int() }),
  recentRuns: z.array(AggregationRunView),
});
export type AggregationStatus = z.output<typeof AggregationStatus>;

export const TriggerAggregationInput = TenantInput.extend({
  granularity: AggregationGranularity,
  /** Roll again from this time on (at most 7 days back); by default from the watermark. */
  from: z.iso.datetime({ offset: true }).optional(),
});
/**
 * Omitted `organizationId`: an ADMIN's run rolls their own organization (and retries its
 * failed hours now); a SUPERADMIN's rolls every organization and moves the watermarks.
 */
export type TriggerAggregationInput = z.output<typeof TriggerAggregationInput>;

export const TriggerAggregationResult = z.object({ jobId: z.string() });
export type TriggerAggregationResult = z.output<typeof TriggerAggregationResult>;
