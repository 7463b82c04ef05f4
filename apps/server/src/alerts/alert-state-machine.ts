import { severityRank, type AlertOperator, type AlertSeverity, type AlertThreshold } from '@pulse/api-contract/schemas';

/**
 * The evaluation state machine of one rule, pure: given what it remembers and one observation,
 * it says what the rule's alert does. Semantics follow Prometheus and Grafana and extend them to
 * several thresholds per rule:
 *
 * - A threshold's condition (value <operator> threshold) must hold at every evaluation for its
 *   own `for` duration before it counts ("satisfied"). While some condition holds but none is
 *   satisfied yet, the alert is pending.
 * - The alert fires at the highest satisfied severity and rises at once when a higher one is
 *   satisfied.
 * - It stays at its severity while that severity's condition holds. Once it stops holding, the
 *   alert keeps firing for `keepFiringFor`; only then does it move down to the highest satisfied
 *   severity, or resolve when no condition holds at all. A value flapping around a threshold
 *   therefore changes nothing as long as it returns within `keepFiringFor`.
 * - No data (no samples in the window) is its own state: conditions cannot hold without data,
 *   so pending alerts clear, while a firing alert keeps its last state until data returns.
 *
 * The state is plain JSON: the server stores it per rule, so a restarted or another worker
 * continues exactly where the last evaluation stopped.
 */

export type RuleSpec = {
  operator: AlertOperator;
  thresholds: AlertThreshold[];
  keepFiringForSeconds: number;
};

export type MachineState = {
  /** normal: no alert; pending: an alert waits for a `for`; firing: triggered (or acknowledged). */
  phase: 'normal' | 'pending' | 'firing';
  noData: boolean;
  /** When each severity's condition started holding, without a break (ISO times). */
  holdingSince: Partial<Record<AlertSeverity, string>>;
  /** Firing: its severity. Pending: the highest severity that holds. */
  severity: AlertSeverity | null;
  /** Firing: since when its severity's condition has not held (the keep-firing-for clock). */
  notHoldingSince: string | null;
  lastEvaluatedAt: string | null;
};

export type Transition =
  | { kind: 'pending'; severity: AlertSeverity }
  | { kind: 'cleared' }
  | { kind: 'triggered'; severity: AlertSeverity; since: string }
  | { kind: 'severity_raised'; from: AlertSeverity; to: AlertSeverity }
  | { kind: 'severity_lowered'; from: AlertSeverity; to: AlertSeverity }
  | { kind: 'resolved'; severity: AlertSeverity }
  | { kind: 'nodata' }
  | { kind: 'data_restored' };

export type Evaluation = {
  state: MachineState;
  transitions: Transition[];
  /** Severities whose condition holds now, highest first (ignoring `for`). */
  holding: AlertSeverity[];
  /** False when the observation is not newer than the last evaluation: nothing was done. */
  applied: boolean;
};

export const INITIAL_STATE: MachineState = {
  phase: 'normal',
  noData: false,
  holdingSince: {},
  severity: null,
  notHoldingSince: null,
  lastEvaluatedAt: null,
};

export function compare(value: number, operator: AlertOperator, threshold: number): boolean {
  switch (operator) {
    case '>':
      return value > threshold;
    case '<':
      return value < threshold;
    case '>=':
      return value >= threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** Highest severity first. */
export function sortThresholds(thresholds: AlertThreshold[]): AlertThreshold[] {
  return [...thresholds].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** A state as read back from storage: anything missing or unknown starts from the initial state. */
export function restoreState(stored: unknown): MachineState {
  if (typeof stored !== 'object' || stored === null) return { ...INITIAL_STATE };
  return { ...INITIAL_STATE, ...(stored as Partial<MachineState>) };
}

/** After a person resolves the alert: start over, so a condition that still holds must hold for its `for` again. */
export function resetState(state: MachineState): MachineState {
  return { ...INITIAL_STATE, noData: state.noData, lastEvaluatedAt: state.lastEvaluatedAt };
}

export function evaluate(spec: RuleSpec, previous: MachineState, observation: { value: number | null; at: Date }): Evaluation {
  const at = observation.at.getTime();
  if (previous.lastEvaluatedAt && at <= Date.parse(previous.lastEvaluatedAt)) {
    return { state: previous, transitions: [], holding: [], applied: false };
  }
  const now = observation.at.toISOString();
  const state: MachineState = { ...previous, holdingSince: { ...previous.holdingSince }, lastEvaluatedAt: now };
  const transitions: Transition[] = [];
  const thresholds = sortThresholds(spec.thresholds);

  if (observation.value === null) {
    if (!state.noData) transitions.push({ kind: 'nodata' });
    state.noData = true;
    state.holdingSince = {};
    if (state.phase === 'pending') {
      transitions.push({ kind: 'cleared' });
      Object.assign(state, { phase: 'normal', severity: null });
    }
    return { state, transitions, holding: [], applied: true };
  }
  if (state.noData) transitions.push({ kind: 'data_restored' });
  state.noData = false;

  const value = observation.value;
  const holding: AlertSeverity[] = [];
  for (const threshold of thresholds) {
    if (compare(value, spec.operator, threshold.value)) {
      holding.push(threshold.severity);
      state.holdingSince[threshold.severity] ??= now;
    } else {
      delete state.holdingSince[threshold.severity];
    }
  }
  const satisfied = thresholds.find((threshold) => {
    const since = state.holdingSince[threshold.severity];
    return since !== undefined && at - Date.parse(since) >= threshold.forSeconds * 1000;
  });
  const target = satisfied?.severity ?? null;
  const highestHolding = holding[0] ?? null;

  if (state.phase !== 'firing') {
    if (target) {
      transitions.push({ kind: 'triggered', severity: target, since: state.holdingSince[target] ?? now });
      Object.assign(state, { phase: 'firing', severity: target, notHoldingSince: null });
    } else if (highestHolding) {
      if (state.phase === 'normal') transitions.push({ kind: 'pending', severity: highestHolding });
      Object.assign(state, { phase: 'pending', severity: highestHolding });
    } else if (state.phase === 'pending') {
      transitions.push({ kind: 'cleared' });
      Object.assign(state, { phase: 'normal', severity: null });
    }
    return { state, transitions, holding, applied: true };
  }

  const current = state.severity as AlertSeverity;
  if (target && severityRank(target) > severityRank(current)) {
    transitions.push({ kind: 'severity_raised', from: current, to: target });
    Object.assign(state, { severity: target, notHoldingSince: null });
  } else if (holding.includes(current)) {
    state.notHoldingSince = null;
  } else {
    state.notHoldingSince ??= now;
    const keptFor = at - Date.parse(state.notHoldingSince);
    if (keptFor >= spec.keepFiringForSeconds * 1000) {
      if (target) {
        transitions.push({ kind: 'severity_lowered', from: current, to: target });
        Object.assign(state, { severity: target, notHoldingSince: null });
      } else if (!highestHolding) {
        transitions.push({ kind: 'resolved', severity: current });
        Object.assign(state, { phase: 'normal', severity: null, notHoldingSince: null });
      }
      // else a lower condition holds but has not held for its `for` yet: keep firing meanwhile.
    }
  }
  return { state, transitions, holding, applied: true };
}
