import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PULSE_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/pulse'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key and BullMQ queue, so several installs (or tests) share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('pulse'),
  /** Where raw activity events are stored: Postgres (default) or MongoDB (needs MONGO_URL). */
  ACTIVITY_STORE: z.enum(['postgres', 'mongo']).default('postgres'),
  MONGO_URL: z.url().optional(),
  TOKEN_SECRET: z.string().min(32, 'TOKEN_SECRET must be at least 32 characters').optional(),
  PULSE_DEMO: flag.optional(),
  DEMO_EVENTS_PER_SECOND: z.coerce.number().min(0).max(10_000).default(20),
  /** How long single small ingest calls wait to share one queue job (group commit). */
  INGEST_GROUP_COMMIT_MS: z.coerce.number().min(0).max(1000).default(5),
  /** Days raw activity events are kept (the schema document's user_activity_logs: 90). */
  RETENTION_ACTIVITY_DAYS: z.coerce.number().int().min(31).max(3650).default(90),
  /** Audit entries are kept this long, then deleted by the daily maintenance job (the only deletion allowed). */
  RETENTION_AUDIT_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  /** With ACTIVITY_STORE=mongo, the TTL of the schema document's other activity collections. */
  RETENTION_DASHBOARD_INTERACTIONS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_REPORT_ACCESS_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  RETENTION_AI_CHAT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  RETENTION_NOTIFICATION_INTERACTIONS_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * Backpressure: once this many jobs wait for a worker in any one pipeline queue (each holds
   * up to 1000 events), ingest answers 503 with Retry-After until the workers catch up.
   */
  INGEST_MAX_QUEUE_DEPTH: z.coerce.number().int().min(1).default(1000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * How long a worker's hold on a job lasts without renewal (renewed every half of it). A
   * worker that dies leaves its jobs active until the hold runs out; then the stalled check
   * (every WORKER_STALLED_INTERVAL_MS) hands them to a live worker. Lower both to recover
   * sooner, at the cost of more Redis calls; keep the hold well above the longest event-loop
   * pause, or a busy worker loses jobs it is still running (harmless, they are idempotent).
   */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /** How often every enabled alert rule is evaluated (besides at once when a watched value changes). */
  ALERT_EVALUATION_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Export the organizations' latest business metrics on GET /metrics (with an organization label). */
  METRICS_EXPORT_BUSINESS: flag.default(false),
  /** GET /metrics requires "Authorization: Bearer <METRICS_TOKEN>" unless METRICS_PUBLIC=true. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Serve GET /metrics without a token (only where the network already keeps strangers out). */
  METRICS_PUBLIC: flag.default(false),
  /**
   * Origins (scheme://host[:port], comma-separated) whose pages may open the live WebSocket.
   * Unset: any origin (the token in connectionParams is what authenticates a socket).
   */
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean) : []))
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  /** HTTP requests (or tRPC calls) per second per ingest key; a request carries at most 1000 events. */
  RATE_LIMIT_INGEST_PER_KEY_PER_SECOND: z.coerce.number().int().min(1).default(10_000),
  /** tRPC calls per minute per signed-in user (every call of a batch counts; a subscription counts once). */
  RATE_LIMIT_CALLS_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** tRPC calls per minute per client address without a credential (sign-in, health of the SPA). */
  RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Live WebSocket connections per API process; more are closed with 4503. */
  WS_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(10_000),
  /** Live WebSocket connections per user per API process; more are closed with 4429. */
  WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** Subscriptions open at once on one WebSocket connection; more are refused with 429. */
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  /** Queries and mutations running at once on one WebSocket connection; more are refused with 429. */
  WS_MAX_IN_FLIGHT_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  /** Messages per second one WebSocket connection may send (a batch is one message); more close it with 4430. */
  WS_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(200),
  /** A resuming live stream replays at most this many missed items / bytes; further behind, it must reload. */
  LIVE_RESUME_MAX_ITEMS: z.coerce.number().int().min(1).max(10_000).default(500),
  LIVE_RESUME_MAX_BYTES: z.coerce.number().int().min(1024).default(2_097_152),
  /** Raw metric samples are kept this long (the analytics document's ANALYTICS_RETENTION_DAYS). */
  METRICS_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  METRICS_HOURLY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Daily rollups: the schema document's two years for metrics. */
  METRICS_DAILY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  /** Resolved alerts, notifications and delivery logs (the documents' 90-day notification logs). */
  ALERT_HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * The read path's circuit breakers (per process, one for Redis, one for Postgres): open after
   * this many failures in a row (a refused or dropped connection opens at once), then calls
   * fail fast and dashboards answer from caches, marked stale, until a probe after the cool-down
   * gets an answer.
   */
  BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  BREAKER_COOL_DOWN_MS: z.coerce.number().int().min(50).max(300_000).default(5000),
  DEMO_METRICS_PER_SECOND: z.coerce.number().min(0).max(1000).default(4),
  /**
   * How many proxies stand in front of the API. 0 (default): the client address is the socket's
   * peer and X-Forwarded-For is ignored (anyone could write it); n: the address n hops from the
   * right of X-Forwarded-For, as the nearest proxy appended it.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Sign-in limits, counted in Redis per account (the email, known or not) and per client
   * address. After DELAY_AFTER attempts that did not succeed the next one must wait 1 s, then
   * 2 s, 4 s...; from LOCK_AFTER on, SIGNIN_LOCK_SECONDS (doubling with each further failure,
   * at most a day). A success clears the account's count; counts are forgotten after a day.
   */
  SIGNIN_ACCOUNT_DELAY_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
  SIGNIN_ACCOUNT_LOCK_AFTER: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNIN_ADDRESS_DELAY_AFTER: z.coerce.number().int().min(1).max(100_000).default(20),
  SIGNIN_ADDRESS_LOCK_AFTER: z.coerce.number().int().min(1).max(100_000).default(100),
  SIGNIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Password checks (argon2, ~19 MiB each) run at most this many at a time per API process... */
  SIGNIN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** ...and at most this many wait for a turn; beyond that sign-in answers 429 (retry in 1 s). */
  SIGNIN_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
  /**
   * How long an API process trusts what it last read of a session (revoked? user and roles
   * unchanged?). A sign-out is also announced over Redis, which ends the session on every
   * process at once; this bounds the rest (a deleted user, changed roles) and a lost message.
   */
  SESSION_CHECK_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(30),
  /**
   * A refresh token may be presented again this long after it was exchanged (two tabs refreshing
   * at once) and gets the current tokens; later, its reuse revokes the whole session.
   */
  SESSION_REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /**
   * Mark the browser's refresh-token cookie Secure on every answer. Without it the cookie is
   * Secure when the request came over https (directly, or per X-Forwarded-Proto from a trusted
   * proxy), so plain-http localhost keeps working in development and tests.
   */
  SESSION_COOKIE_SECURE: flag.default(false),
  WEB_DIST: z.string().default(resolve(repoRoot, 'apps/web/dist')),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Settings = Omit<z.output<typeof EnvSchema>, 'TOKEN_SECRET' | 'PULSE_DEMO'> & {
  TOKEN_SECRET: string;
  PULSE_DEMO: boolean;
};

/**
 * Reads the settings once. In development a token secret is generated on first start and kept
 * in `.pulse/token-secret` (git-ignored) so sessions survive restarts; production must set one.
 * Demo mode defaults to on outside production and can never be on in production.
 */
export function loadSettings(source: Record<string, string | undefined> = process.env): Settings {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production && !env.TOKEN_SECRET) throw new Error('Invalid settings:\n  TOKEN_SECRET: required in production');
  if (production && env.PULSE_DEMO) throw new Error('Invalid settings:\n  PULSE_DEMO: demo mode is not allowed in production');
  if (env.SIGNIN_ACCOUNT_DELAY_AFTER > env.SIGNIN_ACCOUNT_LOCK_AFTER) throw new Error('Invalid settings:\n  SIGNIN_ACCOUNT_DELAY_AFTER: must not exceed SIGNIN_ACCOUNT_LOCK_AFTER');
  if (env.SIGNIN_ADDRESS_DELAY_AFTER > env.SIGNIN_ADDRESS_LOCK_AFTER) throw new Error('Invalid settings:\n  SIGNIN_ADDRESS_DELAY_AFTER: must not exceed SIGNIN_ADDRESS_LOCK_AFTER');
  if (env.ACTIVITY_STORE === 'mongo' && !env.MONGO_URL) throw new Error('Invalid settings:\n  MONGO_URL: required with ACTIVITY_STORE=mongo');
  return {
    ...env,
    TOKEN_SECRET: env.TOKEN_SECRET ?? localDevelopmentSecret(),
    PULSE_DEMO: env.PULSE_DEMO ?? !production,
  };
}

function localDevelopmentSecret(): string {
  const file = resolve(repoRoot, '.pulse/token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
