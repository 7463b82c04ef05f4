import { describe, expect, it } from 'vitest';
import { createOrm, runSql } from '@pulse/db';
import { freePort } from '../../testing/free-port.ts';
import { Aborted, isDependencyUnavailable, untilDependenciesAnswer } from './wait-for-dependencies.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it('recognises a Postgres that does not answer, through the real driver', async () => {
    const orm = await createOrm(`postgres://postgres@127.0.0.1:${await freePort()}/nowhere`);
    try {
      const error = await runSql(orm.em.fork(), 'SELECT 1', []).catch((caught: unknown) => caught);
      expect(isDependencyUnavailable(error)).toBe(true);
    } finally {
      await orm.close(true);
    }
  });

  it('recognises a server that is restarting or dropped the session', () => {
    expect(isDependencyUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isDependencyUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDependencyUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isDependencyUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('recognises a transaction aborted for a concurrent one (deadlock, serialization)', () => {
    expect(isDependencyUnavailable(withCode('deadlock detected', '40P01'))).toBe(true);
    expect(isDependencyUnavailable(withCode('could not serialize access due to concurrent update', '40001'))).toBe(true);
  });

  it('recognises counters that are being rebuilt (the counter script refuses meanwhile)', () => {
    expect(isDependencyUnavailable(new Error('REBUILDING counters of this organization are being rebuilt; retry shortly'))).toBe(true);
  });

  it('leaves errors of the work itself alone', () => {
    expect(isDependencyUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDependencyUnavailable(withCode('relation "activity_events" does not exist', '42P01'))).toBe(false);
    expect(isDependencyUnavailable(new Error('Invalid input'))).toBe(false);
  });
});

describe('untilDependenciesAnswer', () => {
  const never = new AbortController().signal;

  it('runs the work again while the dependency is away, then returns its result', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await untilDependenciesAnswer(
      async () => {
        calls++;
        if (calls < 3) throw withCode('connect ECONNREFUSED', 'ECONNREFUSED');
        return 'stored';
      },
      never,
      (_error, waitMs) => waits.push(waitMs),
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it('passes an error of the work on at once', async () => {
    let calls = 0;
    const work = async () => {
      calls++;
      throw withCode('duplicate key', '23505');
    };
    await expect(untilDependenciesAnswer(work, never, () => undefined)).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const waiting = untilDependenciesAnswer(
      async () => {
        throw withCode('connect ECONNREFUSED', 'ECONNREFUSED');
      },
      controller.signal,
      () => controller.abort(),
    );
    await expect(waiting).rejects.toBeInstanceOf(Aborted);
  });
});
