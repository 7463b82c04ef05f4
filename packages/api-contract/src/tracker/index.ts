import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPulseClient, type PulseClient } from '../client/index.ts';
import type { RetryOptions } from '../client/retry.ts';
import type { IngestEventInput } from '../schemas/events.ts';
import { INGEST_LIMITS } from '../schemas/limits.ts';
import { type RoutedRequest, routeTemplateOf } from './route-template.ts';

export { templatePath, type RoutedRequest } from './route-template.ts';

type Destination =
  /** A client you already have (its `send` is used). */
  | { client: Pick<PulseClient, 'send'> }
  /** Or where to send: the tracker makes its own client (and closes it on close()). */
  | { url: string; ingestKey: string; retry?: Partial<RetryOptions> };

export type ApiTrackerOptions = Destination & {
  /** Share of requests recorded, 0..1 (default 1). Recorded events carry `sampleRate` when below 1. */
  sampleRate?: number;
  /** Send as soon as this many events are buffered (default 100, at most 1000). */
  batchSize?: number;
  /** Send what is buffered at least this often (default 1000 ms). */
  flushIntervalMs?: number;
  /** Events kept while Pulse is slow or away; beyond it new events are dropped and counted (default 10,000). */
  maxBuffer?: number;
  /** The route template of a request (default: Express's matched route, else the path with ids as `:id`). */
  routeOf?(req: RoutedRequest): string | null | undefined;
  /** The user behind a request, e.g. `req => req.user?.id` after your auth middleware. */
  userOf?(req: RoutedRequest): string | number | null | undefined;
  /** Where failures go (sending, or your own routeOf / userOf throwing). Never thrown to the host. */
  onError?(error: unknown): void;
};

export type ApiTrackerStats = {
  /** Waiting to be sent. */
  buffered: number;
  /** Accepted by Pulse. */
  sent: number;
  /** Not recorded because the buffer was full. */
  dropped: number;
  /** Given up after the client's retries (Pulse away, or rejected). */
  failed: number;
};

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export type ApiTracker = {
  /** Express-style middleware: `app.use(tracker.middleware)`. */
  middleware(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  /** Wraps a plain `node:http` request listener: `createServer(tracker.wrap(handler))`. */
  wrap<L extends Listener>(listener: L): L;
  /** Records one request when its response finishes (what middleware and wrap call). */
  observe(req: IncomingMessage, res: ServerResponse): void;
  /** Sends everything buffered; resolves when done (failures go to onError). */
  flush(): Promise<void>;
  /** Stops recording and flushes: call it on shutdown. */
  close(): Promise<void>;
  stats(): ApiTrackerStats;
};

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
const METHODS: ReadonlySet<string> = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** Methods API_CALL can hold; requests with others (CONNECT, PROPFIND, ...) are not recorded. */
const isTrackedMethod = (method: string | undefined): method is HttpMethod => method !== undefined && METHODS.has(method);
/** A response whose connection closed before it finished (nginx's code for it). */
const CLIENT_CLOSED_REQUEST = 499;

function connect(destination: Destination): { client: Pick<PulseClient, 'send'>; closeClient(): void } {
  if ('client' in destination) return { client: destination.client, closeClient: () => {} };
  // Few attempts: a tracker that cannot reach Pulse should drop a batch soon rather than hold it.
  const own = createPulseClient({ url: destination.url, token: destination.ingestKey, retry: { attempts: 3, ...destination.retry } });
  return { client: own, closeClient: () => own.close() };
}

/**
 * The documents' API tracking middleware: records an `API_CALL` per request (method, route
 * template, status, duration, user) and sends them to Pulse in batches. Recording is a few
 * property reads and an array push; sending happens later, one batch at a time, so the host's
 * requests never wait on Pulse and never see its errors.
 */
export function createApiTracker(options: ApiTrackerOptions): ApiTracker {
  const { client, closeClient } = connect(options);
  const sampleRate = Math.min(1, Math.max(0, options.sampleRate ?? 1));
  const batchSize = Math.min(INGEST_LIMITS.maxEventsPerBatch, Math.max(1, options.batchSize ?? 100));
  const maxBuffer = Math.max(1, options.maxBuffer ?? 10_000);
  const buffer: IngestEventInput[] = [];
  const counts = { sent: 0, dropped: 0, failed: 0 };
  let inFlight: Promise<void> | null = null;
  let closed = false;

  const report = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // The host's error handler failing must not fail the host either.
    }
  };

  /** Sends full batches (or everything, with `all`), one request at a time. */
  function pump(all: boolean): Promise<void> {
    if (inFlight) return inFlight;
    inFlight = (async () => {
      while (all ? buffer.length > 0 : buffer.length >= batchSize) {
        const batch = buffer.splice(0, batchSize);
        try {
          await client.send(batch);
          counts.sent += batch.length;
        } catch (error) {
          counts.failed += batch.length;
          report(error);
        }
      }
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  const timer = setInterval(() => void pump(true), options.flushIntervalMs ?? 1000);
  timer.unref();

  function record(req: RoutedRequest, method: HttpMethod, res: ServerResponse, startedAt: string, started: number, finished: boolean): void {
    const status = finished ? res.statusCode : CLIENT_CLOSED_REQUEST;
    // Events are built valid by construction: one the schema rejects would fail its whole batch.
    if (closed || status < 100 || status > 599) return;
    if (buffer.length >= maxBuffer) {
      counts.dropped++;
      return;
    }
    const user = options.userOf?.(req);
    const properties = {
      method,
      route: routeTemplateOf(req, options.routeOf),
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(sampleRate < 1 ? { sampleRate } : {}),
    };
    const userId = user === null || user === undefined || user === '' ? undefined : String(user).slice(0, INGEST_LIMITS.maxIdLength);
    buffer.push({ type: 'API_CALL', occurredAt: startedAt, ...(userId ? { userId } : {}), properties });
    if (buffer.length >= batchSize) void pump(false);
  }

  function observe(req: IncomingMessage, res: ServerResponse): void {
    try {
      const method = req.method;
      if (closed || !isTrackedMethod(method)) return;
      if (sampleRate < 1 && Math.random() >= sampleRate) return;
      const startedAt = new Date().toISOString();
      const started = performance.now();
      let done = false;
      const end = (finished: boolean) => {
        if (done) return;
        done = true;
        try {
          record(req, method, res, startedAt, started, finished);
        } catch (error) {
          report(error);
        }
      };
      res.once('finish', () => end(true));
      // 'close' without 'finish': the client went away before the answer was complete.
      res.once('close', () => end(res.writableFinished));
    } catch (error) {
      report(error);
    }
  }

  async function flush(): Promise<void> {
    while (inFlight || buffer.length > 0) await (inFlight ?? pump(true));
  }

  return {
    observe,
    middleware(req, res, next) {
      observe(req, res);
      next();
    },
    wrap<L extends Listener>(listener: L): L {
      const wrapped = (req: IncomingMessage, res: ServerResponse) => {
        observe(req, res);
        return listener(req, res);
      };
      return wrapped as L;
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
      closeClient();
    },
    stats: () => ({ buffered: buffer.length, ...counts }),
  };
}
