import { describe, expect, it } from 'vitest';
import { evaluate, INITIAL_STATE, type MachineState, resetState, restoreState, type RuleSpec, type Transition } from './alert-state-machine.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Feeds (second, value) observations and returns the transitions of each step, by second. */
function run(spec: RuleSpec, steps: [second: number, value: number | null][], start: MachineState = INITIAL_STATE) {
  let state = start;
  const log: Record<number, Transition['kind'][]> = {};
  const full: Transition[] = [];
  for (const [second, value] of steps) {
    const result = evaluate(spec, state, { value, at: new Date(T0 + second * 1000) });
    state = result.state;
    if (result.transitions.length > 0) log[second] = result.transitions.map((t) => t.kind);
    full.push(...result.transitions);
  }
  return { state, log, transitions: full };
}

const cpu: RuleSpec = {
  operator: '>',
  thresholds: [
    { severity: 'medium', value: 80, forSeconds: 30 },
    { severity: 'critical', value: 95, forSeconds: 60 },
  ],
  keepFiringForSeconds: 0,
};

describe('for semantics', () => {
  it('is pending until the condition held for its duration, then fires', () => {
    const { log, state } = run(cpu, [
      [0, 85],
      [10, 85],
      [20, 85],
      [30, 85],
    ]);
    expect(log).toEqual({ 0: ['pending'], 30: ['triggered'] });
    expect(state).toMatchObject({ phase: 'firing', severity: 'medium' });
  });

  it('starts over when the condition breaks before its duration', () => {
    const { log, state } = run(cpu, [
      [0, 85],
      [20, 70],
      [25, 85],
      [50, 85],
      [55, 85],
    ]);
    expect(log).toEqual({ 0: ['pending'], 20: ['cleared'], 25: ['pending'], 55: ['triggered'] });
    expect(state.phase).toBe('firing');
  });

  it('fires at the first evaluation when `for` is zero, reporting when the condition started', () => {
    const spec: RuleSpec = { operator: '>=', thresholds: [{ severity: 'high', value: 1, forSeconds: 0 }], keepFiringForSeconds: 0 };
    const { transitions } = run(spec, [[0, 1]]);
    expect(transitions).toEqual([{ kind: 'triggered', severity: 'high', since: new Date(T0).toISOString() }]);
  });

  it('compares with every operator', () => {
    const fires = (operator: RuleSpec['operator'], value: number) =>
      run({ operator, thresholds: [{ severity: 'low', value: 10, forSeconds: 0 }], keepFiringForSeconds: 0 }, [[0, value]]).state.phase === 'firing';
    expect([fires('>', 11), fires('>', 10), fires('<', 9), fires('<', 10)]).toEqual([true, false, true, false]);
    expect([fires('>=', 10), fires('<=', 10), fires('==', 10), fires('==', 10.5), fires('!=', 10.5), fires('!=', 10)]).toEqual([true, true, true, false, true, false]);
  });
});

describe('severities', () => {
  it('raises at the highest severity whose condition held for its own duration', () => {
    const { log, transitions, state } = run(cpu, [
      [0, 99],
      [30, 99],
      [59, 99],
      [60, 99],
    ]);
    // critical holds from 0 but needs 60 s; medium needs 30 s: medium first, then up
    expect(log).toEqual({ 0: ['pending'], 30: ['triggered'], 60: ['severity_raised'] });
    expect(transitions[2]).toEqual({ kind: 'severity_raised', from: 'medium', to: 'critical' });
    expect(state.severity).toBe('critical');
  });

  it('fires straight at the higher severity when its duration is reached first', () => {
    const spec: RuleSpec = { ...cpu, thresholds: [{ severity: 'medium', value: 80, forSeconds: 300 }, { severity: 'critical', value: 95, forSeconds: 0 }] };
    const { transitions } = run(spec, [[0, 99]]);
    expect(transitions).toMatchObject([{ kind: 'triggered', severity: 'critical' }]);
  });

  it('moves down only after keepFiringFor, to the highest severity still satisfied, then resolves', () => {
    const spec: RuleSpec = { ...cpu, keepFiringForSeconds: 30 };
    const { log, transitions, state } = run(spec, [
      [0, 99],
      [30, 99],
      [60, 99],
      [70, 85], // critical stops holding: keep firing at critical for 30 s
      [90, 85],
      [100, 85], // 30 s passed: medium has held since 0, so critical → medium
      [110, 50], // nothing holds: keep firing at medium for 30 s
      [130, 50],
      [140, 50], // resolved
    ]);
    expect(log).toEqual({ 0: ['pending'], 30: ['triggered'], 60: ['severity_raised'], 100: ['severity_lowered'], 140: ['resolved'] });
    expect(transitions.find((t) => t.kind === 'severity_lowered')).toEqual({ kind: 'severity_lowered', from: 'critical', to: 'medium' });
    expect(state).toMatchObject({ phase: 'normal', severity: null, notHoldingSince: null });
  });
});

describe('flapping', () => {
  const flapping: [number, number][] = Array.from({ length: 20 }, (_, i) => [i * 10, i % 2 === 0 ? 99 : 90]);

  it('a value flapping around a threshold changes nothing while it returns within keepFiringFor', () => {
    const spec: RuleSpec = { operator: '>', thresholds: [{ severity: 'medium', value: 80, forSeconds: 0 }, { severity: 'high', value: 95, forSeconds: 0 }], keepFiringForSeconds: 30 };
    const { log, state } = run(spec, flapping);
    expect(log).toEqual({ 0: ['triggered'] });
    expect(state.severity).toBe('high');
  });

  it('without keepFiringFor the same value flaps between severities at every evaluation', () => {
    const spec: RuleSpec = { operator: '>', thresholds: [{ severity: 'medium', value: 80, forSeconds: 0 }, { severity: 'high', value: 95, forSeconds: 0 }], keepFiringForSeconds: 0 };
    const { transitions } = run(spec, flapping);
    expect(transitions.filter((t) => t.kind === 'severity_lowered')).toHaveLength(10);
    expect(transitions.filter((t) => t.kind === 'severity_raised')).toHaveLength(9);
  });

  it('a condition that flaps off and on does not resolve and re-trigger within keepFiringFor', () => {
    const spec: RuleSpec = { operator: '>', thresholds: [{ severity: 'high', value: 95, forSeconds: 0 }], keepFiringForSeconds: 60 };
    const { log } = run(spec, [
      [0, 99],
      [10, 10],
      [20, 99],
      [30, 10],
      [80, 99],
      [90, 10],
      [150, 10],
    ]);
    expect(log).toEqual({ 0: ['triggered'], 150: ['resolved'] });
  });
});

describe('no data', () => {
  it('is a state of its own: pending clears, a firing alert keeps its state until data returns', () => {
    const { log, state } = run(cpu, [
      [0, 99],
      [10, null],
      [20, 99],
      [50, 99],
      [60, null],
      [70, null],
      [80, 99],
      [90, 10],
    ]);
    expect(log).toEqual({ 0: ['pending'], 10: ['nodata', 'cleared'], 20: ['data_restored', 'pending'], 50: ['triggered'], 60: ['nodata'], 80: ['data_restored'], 90: ['resolved'] });
    expect(state.noData).toBe(false);
  });

  it('starting without data reports no data once', () => {
    const { log, state } = run(cpu, [
      [0, null],
      [10, null],
    ]);
    expect(log).toEqual({ 0: ['nodata'] });
    expect(state).toMatchObject({ phase: 'normal', noData: true });
  });
});

describe('restart and repeated ticks', () => {
  const observations: [number, number | null][] = [
    [0, 99],
    [10, 99],
    [30, 99],
    [45, null],
    [55, 99],
    [60, 99],
    [70, 85],
    [90, 85],
    [100, 85],
    [110, 50],
    [140, 50],
  ];
  const spec: RuleSpec = { ...cpu, keepFiringForSeconds: 30 };

  it('continues identically from the state as stored (JSON), step after step', () => {
    const continuous = run(spec, observations);
    let state = INITIAL_STATE;
    const transitions: Transition[] = [];
    for (const [second, value] of observations) {
      // what a new worker does: read the stored JSON back, evaluate, store it again
      const result = evaluate(spec, restoreState(JSON.parse(JSON.stringify(state))), { value, at: new Date(T0 + second * 1000) });
      state = result.state;
      transitions.push(...result.transitions);
    }
    expect(transitions).toEqual(continuous.transitions);
    expect(state).toEqual(continuous.state);
  });

  it('ignores an observation that is not newer than the last evaluation (a second worker on the same tick)', () => {
    const first = evaluate(cpu, INITIAL_STATE, { value: 99, at: new Date(T0) });
    const again = evaluate(cpu, first.state, { value: 99, at: new Date(T0) });
    expect(again).toMatchObject({ applied: false, transitions: [] });
    expect(again.state).toBe(first.state);
  });

  it('reads an empty or unknown stored state as the initial one', () => {
    expect(restoreState(null)).toEqual(INITIAL_STATE);
    expect(restoreState({})).toEqual(INITIAL_STATE);
  });

  it('after a manual resolve a condition that still holds must hold for its duration again', () => {
    const firing = run(cpu, [
      [0, 85],
      [30, 85],
    ]).state;
    const { log } = run(cpu, [
      [40, 85],
      [60, 85],
      [70, 85],
    ], resetState(firing));
    expect(log).toEqual({ 40: ['pending'], 70: ['triggered'] });
  });
});
