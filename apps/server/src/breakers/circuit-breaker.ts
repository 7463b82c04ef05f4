/**
 * A circuit breaker in front of one dependency (Redis, Postgres) of one process.
 *
 * closed: calls go through. A connection-level error (refused, reset, not connected) opens it
 * at once; other failures of the dependency open it after `failureThreshold` in a row (the
 * source documents' "circuit breaker after 5 consecutive failures"). Errors of the call itself
 * (a bad query) say the dependency answered: they count as a success.
 * open: calls fail at once with CircuitOpenError, nothing reaches the dependency, so a caller
 * falls back (a cached answer, another source) instead of each waiting out its own timeout.
 * half_open: `coolDownMs` after opening, one call goes through as a probe (the others still fail
 * fast); its success closes the breaker, its failure opens it for another cool-down.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** How an error of a call counts: `connection` opens at once, `failure` counts toward the threshold, `call` is the call's own. */
export type ErrorKind = 'connection' | 'failure' | 'call';

export type BreakerTransition = { dependency: string; from: BreakerState; to: BreakerState; since: number | null; error?: unknown };

export type CircuitBreakerOptions = {
  /** The dependency's name, in errors, logs and readiness (`redis`, `postgres`). */
  dependency: string;
  failureThreshold: number;
  coolDownMs: number;
  classify(error: unknown): ErrorKind;
  /** A call that takes longer is abandoned (a `failure`): Redis that stopped answering must not hold a read. */
  callTimeoutMs?: number;
  now?: () => number;
  onTransition?(transition: BreakerTransition): void;
};

/** Thrown instead of calling a dependency whose breaker is open. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
  readonly dependency: string;
  /** When the dependency was first seen away (epoch ms). */
  readonly since: number;

  constructor(dependency: string, since: number) {
    super(`${dependency} is unavailable (circuit open since ${new Date(since).toISOString()})`);
    this.dependency = dependency;
    this.since = since;
  }
}

/** A call abandoned after `callTimeoutMs`. */
export class CallTimeoutError extends Error {
  override name = 'CallTimeoutError';
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined, dependency: string): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeoutError(`${dependency} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createCircuitBreaker(options: CircuitBreakerOptions) {
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  /** When the outage began: kept through half-open probes that fail, cleared when it closes. */
  let since: number | null = null;
  let probing = false;
  const stats = { passed: 0, shortCircuited: 0, opened: 0 };

  function move(to: BreakerState, error?: unknown) {
    const from = state;
    if (from === to) return;
    state = to;
    options.onTransition?.({ dependency: options.dependency, from, to, since, ...(error === undefined ? {} : { error }) });
  }

  function open(error: unknown) {
    openedAt = now();
    since ??= openedAt;
    failures = 0;
    if (state !== 'open') stats.opened++;
    move('open', error);
  }

  function succeeded() {
    failures = 0;
    since = null;
    move('closed');
  }

  const kindOf = (error: unknown): ErrorKind => (error instanceof CallTimeoutError ? 'failure' : options.classify(error));

  function failed(error: unknown, kind: ErrorKind, probe: boolean) {
    if (kind === 'call') return succeeded();
    failures++;
    if (probe || kind === 'connection' || failures >= options.failureThreshold) open(error);
  }

  /** Open → half-open once the cool-down is over; true when this call is the probe. */
  function admit(): boolean {
    if (state === 'closed') return false;
    if (state === 'open' && now() - openedAt >= options.coolDownMs) move('half_open');
    if (state === 'half_open' && !probing) return true;
    stats.shortCircuited++;
    throw new CircuitOpenError(options.dependency, since ?? openedAt);
  }

  return {
    dependency: options.dependency,
    /** Runs `call` through the breaker: fails fast with CircuitOpenError while open. */
    async run<T>(call: () => Promise<T>): Promise<T> {
      const probe = admit();
      if (probe) probing = true;
      stats.passed++;
      try {
        const result = await withTimeout(call(), options.callTimeoutMs, options.dependency);
        succeeded();
        return result;
      } catch (error) {
        failed(error, kindOf(error), probe);
        throw error;
      } finally {
        if (probe) probing = false;
      }
    },
    /** True when `error` (thrown by run) says the dependency is away rather than the call wrong. */
    isDependencyError(error: unknown): boolean {
      return error instanceof CircuitOpenError || kindOf(error) !== 'call';
    },
    /** How long until the next probe may go through (at least a second; a whole cool-down while closed). */
    retryAfterSeconds(): number {
      const left = state === 'closed' ? options.coolDownMs : openedAt + options.coolDownMs - now();
      return Math.max(1, Math.ceil(left / 1000));
    },
    /** closed, open or half_open (an open breaker whose cool-down is over reads half_open). */
    get state(): BreakerState {
      return state === 'open' && now() - openedAt >= options.coolDownMs ? 'half_open' : state;
    },
    /** When the current outage began (epoch ms), or null while the dependency answers. */
    get since(): number | null {
      return since;
    },
    /** Calls let through, calls refused without touching the dependency, times it opened. */
    stats,
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
