import type { PulseServices } from '@pulse/api-contract/router';

/** A service method as a test writes it: its arguments, its answer now or later. */
type FakeMethod<F> = F extends (...args: infer A) => infer R ? (...args: A) => R | Awaited<R> : never;

/** Any part of `PulseServices`: the methods a test needs, nothing else. */
export type FakeServices<T = PulseServices> = {
  [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? FakeMethod<T[K]> : FakeServices<T[K]>;
};

/** What a procedure gets from a service the test did not fake; logged by the test server. */
export class NotFaked extends Error {
  override name = 'NotFaked';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A callable proxy for one level of the services: a method the test gave is returned as is;
 * anything else is a further level that throws `NotFaked`, naming itself, when called.
 */
function level(given: Record<string, unknown> | undefined, path: readonly string[]): object {
  return new Proxy(() => undefined, {
    get(_target, key) {
      // Not a service: what `await` and the runtime probe for.
      if (typeof key === 'symbol' || key === 'then') return undefined;
      const value = given?.[key];
      if (typeof value === 'function') return value;
      return level(isRecord(value) ? value : undefined, [...path, key]);
    },
    apply() {
      throw new NotFaked(`services.${path.join('.')} is not faked by this test: add it to the test's services.`);
    },
  });
}

/**
 * Full `PulseServices` for the real router, built from the part a test fakes. The router runs
 * as on the server (input and output checked, tenant resolved, errors mapped); only what is
 * behind the ports is the test's.
 */
export function fakeServices(given: FakeServices): PulseServices {
  // The proxy answers every path of the interface (the ones not given throw when called).
  return level(given, []) as PulseServices;
}

/** `over` on top of `base`, level by level: a test's own fakes on top of a screen's defaults. */
export function withServices(base: FakeServices, over: FakeServices): FakeServices {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const merged: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b)) {
      const under = merged[key];
      merged[key] = isRecord(under) && isRecord(value) ? merge(under, value) : value;
    }
    return merged;
  };
  // Both sides have the services' shape, and so has a merge of the two.
  return merge(base, over) as FakeServices;
}
