import { describe, expect, it } from 'vitest';
import { type BreakerTransition, CircuitOpenError, createCircuitBreaker, type ErrorKind } from './circuit-breaker.ts';

class Refused extends Error {}
class Busy extends Error {}
class BadQuery extends Error {}

const classify = (error: unknown): ErrorKind => (error instanceof Refused ? 'connection' : error instanceof Busy ? 'failure' : 'call');

/** A breaker on a clock the test moves, and a dependency that counts its calls. */
function setup(callTimeoutMs?: number) {
  let clock = 1_000_000;
  const transitions: BreakerTransition[] = [];
  const breaker = createCircuitBreaker({
    dependency: 'redis',
    failureThreshold: 3,
    coolDownMs: 5000,
    classify,
    ...(callTimeoutMs === undefined ? {} : { callTimeoutMs }),
    now: () => clock,
    onTransition: (transition) => transitions.push(transition),
  });
  const dependency = { calls: 0, answer: (): Promise<string> => Promise.resolve('ok') };
  const call = () =>
    breaker.run(() => {
      dependency.calls++;
      return dependency.answer();
    });
  return { breaker, dependency, call, transitions, advance: (ms: number) => (clock += ms), at: () => clock };
}

describe('circuit breaker', () => {
  it('opens at the first connection-level error, then refuses without calling the dependency', async () => {
    const { breaker, dependency, call, transitions, at } = setup();
    await expect(call()).resolves.toBe('ok');
    dependency.answer = () => Promise.reject(new Refused('ECONNREFUSED'));
    await expect(call()).rejects.toBeInstanceOf(Refused);
    expect(breaker.state).toBe('open');
    expect(breaker.since).toBe(at());
    const callsWhenOpened = dependency.calls;
    for (let i = 0; i < 5; i++) await expect(call()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(dependency.calls).toBe(callsWhenOpened);
    expect(breaker.stats).toEqual({ passed: 2, shortCircuited: 5, opened: 1 });
    expect(transitions.map(({ from, to }) => `${from}->${to}`)).toEqual(['closed->open']);
  });

  it('opens after the threshold of consecutive failures; a success in between starts the count again', async () => {
    const { breaker, dependency, call } = setup();
    dependency.answer = () => Promise.reject(new Busy('LOADING'));
    await expect(call()).rejects.toBeInstanceOf(Busy);
    await expect(call()).rejects.toBeInstanceOf(Busy);
    dependency.answer = () => Promise.resolve('ok');
    await call();
    dependency.answer = () => Promise.reject(new Busy('LOADING'));
    await expect(call()).rejects.toBeInstanceOf(Busy);
    await expect(call()).rejects.toBeInstanceOf(Busy);
    expect(breaker.state).toBe('closed');
    await expect(call()).rejects.toBeInstanceOf(Busy);
    expect(breaker.state).toBe('open');
  });

  it("does not count a call's own errors against the dependency", async () => {
    const { breaker, dependency, call } = setup();
    dependency.answer = () => Promise.reject(new BadQuery('syntax error'));
    for (let i = 0; i < 10; i++) await expect(call()).rejects.toBeInstanceOf(BadQuery);
    expect(breaker.state).toBe('closed');
    expect(breaker.isDependencyError(new BadQuery('x'))).toBe(false);
    expect(breaker.isDependencyError(new Refused('x'))).toBe(true);
    expect(breaker.isDependencyError(new CircuitOpenError('redis', 0))).toBe(true);
  });

  it('lets one probe through after the cool-down: its failure opens again, keeping when the outage began', async () => {
    const { breaker, dependency, call, transitions, advance, at } = setup();
    dependency.answer = () => Promise.reject(new Refused('down'));
    await expect(call()).rejects.toBeInstanceOf(Refused);
    const began = at();
    advance(4999);
    await expect(call()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(breaker.retryAfterSeconds()).toBe(1);
    advance(1);
    expect(breaker.state).toBe('half_open');
    const before = dependency.calls;
    await expect(call()).rejects.toBeInstanceOf(Refused);
    expect(dependency.calls).toBe(before + 1);
    expect(breaker.state).toBe('open');
    expect(breaker.since).toBe(began);
    expect(breaker.retryAfterSeconds()).toBe(5);
    expect(transitions.map(({ from, to }) => `${from}->${to}`)).toEqual(['closed->open', 'open->half_open', 'half_open->open']);
  });

  it('while the probe runs, the other calls still fail fast; its success closes the breaker', async () => {
    const { breaker, dependency, call, transitions, advance } = setup();
    dependency.answer = () => Promise.reject(new Refused('down'));
    await expect(call()).rejects.toBeInstanceOf(Refused);
    advance(5000);
    let answer: (value: string) => void = () => undefined;
    dependency.answer = () => new Promise((resolve) => (answer = resolve));
    const probe = call();
    await expect(call()).rejects.toBeInstanceOf(CircuitOpenError);
    answer('back');
    await expect(probe).resolves.toBe('back');
    expect(breaker.state).toBe('closed');
    expect(breaker.since).toBeNull();
    dependency.answer = () => Promise.resolve('ok');
    await expect(call()).resolves.toBe('ok');
    expect(transitions.at(-1)).toMatchObject({ from: 'half_open', to: 'closed' });
  });

  it('abandons a call that outlives its timeout and counts it as a failure', async () => {
    const { breaker, dependency, call } = setup(5);
    dependency.answer = () => new Promise(() => undefined);
    for (let i = 0; i < 3; i++) await expect(call()).rejects.toMatchObject({ name: 'CallTimeoutError' });
    expect(breaker.state).toBe('open');
    expect(dependency.calls).toBe(3);
    await expect(call()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(dependency.calls).toBe(3);
  });
});
