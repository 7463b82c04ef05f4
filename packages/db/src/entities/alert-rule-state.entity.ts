import { defineEntity, p } from '@mikro-orm/core';
import { RULE_HEALTH } from '@pulse/api-contract/schemas';
import { AlertRule } from './alert-rule.entity.ts';
import { Alert } from './alert.entity.ts';

// The evaluation state of a rule, so that a restarted (or another) worker continues where the
// last evaluation stopped: `machine` is the state machine's own JSON (when each threshold
// started holding, since when the current severity has not held, ...). Evaluations lock this
// row, which is also what keeps two workers from evaluating one rule at the same time.
export const AlertRuleStateSchema = defineEntity({
  name: 'AlertRuleState',
  tableName: 'alert_rule_states',
  properties: {
    rule: () => p.oneToOne(AlertRule).ref().primary().deleteRule('cascade'),
    state: p.enum(RULE_HEALTH),
    machine: p.json<Record<string, unknown>>(),
    alert: () => p.manyToOne(Alert).ref().nullable().deleteRule('set null').index(),
    lastValue: p.double().nullable(),
    lastEvaluatedAt: p.datetime().nullable(),
    updatedAt: p.datetime(),
  },
});

export class AlertRuleState extends AlertRuleStateSchema.class {}
AlertRuleStateSchema.setClass(AlertRuleState);
