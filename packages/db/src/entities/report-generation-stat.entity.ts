import { defineEntity, p } from '@mikro-orm/core';

// The schema document's report statistics, kept by the `report-tracking` queue from
// REPORT_GENERATED and REPORT_VIEW events. Keyed by the sender's report id: a view that
// arrives before its report's generation event creates the row, the generation fills it in.
export const ReportGenerationStatSchema = defineEntity({
  name: 'ReportGenerationStat',
  tableName: 'report_generation_stats',
  properties: {
    organizationId: p.uuid().primary(),
    reportId: p.text().primary(),
    reportType: p.text().nullable(),
    generatedByUserId: p.text().nullable(),
    generationTimestamp: p.datetime().nullable(),
    processingTimeSeconds: p.double().nullable(),
    viewedCount: p.integer().default(0),
    firstViewedAt: p.datetime().nullable(),
    lastViewedAt: p.datetime().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['organizationId', 'generationTimestamp'] }],
});

export class ReportGenerationStat extends ReportGenerationStatSchema.class {}
ReportGenerationStatSchema.setClass(ReportGenerationStat);
