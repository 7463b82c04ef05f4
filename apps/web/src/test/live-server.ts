import { TRPCError } from '@trpc/server';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import type { WSConnectionHandlerOptions } from '@trpc/server/adapters/ws';
import { ws } from 'msw';
import type { WebSocketHandlerConnection } from 'msw';
import { appRouter } from '@pulse/api-contract/router';
import type { AppRouter, PulseServices } from '@pulse/api-contract/router';
import type { DashboardOverrides } from '@pulse/api-contract/schemas';
import type { FakeServices } from './fake-services.ts';
import { contextFor, ORIGIN, reportNotFaked } from './trpc-server.ts';
import type { Authenticate } from './trpc-server.ts';

type Client = WebSocketHandlerConnection['client'];
type LivePath = 'live.activity' | 'live.counters' | 'live.alerts' | 'live.notifications' | 'live.dashboard' | 'live.publicDashboard';
type Delivery = { value: unknown } | { error: Error };

export type LiveSubscription = {
  path: LivePath;
  /** What the router handed to the service: the checked organization, the view's overrides, and the id to resume after. */
  input: { organizationId?: string; dashboardId?: string; lastEventId?: string } & DashboardOverrides;
  /** The id the stream resumes after (sent by tRPC after a reconnect, or by the auth link). */
  lastEventId: string | undefined;
  /** The connection it runs on. */
  client: Client;
  stopped: boolean;
  deliver(delivery: Delivery): void;
};

/**
 * One live stream as a service gives it to the router: what the test emits, in order, until
 * the router stops it (the client unsubscribed or left) or the test fails it.
 */
function openStream<T>(subscription: LiveSubscription, signal: AbortSignal): AsyncIterable<T> {
  const queue: Delivery[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  subscription.deliver = (delivery) => {
    queue.push(delivery);
    notify();
  };
  signal.addEventListener('abort', notify);
  return (async function* () {
    try {
      while (!signal.aborted) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if ('error' in next) throw next.error;
        // The test decides what a stream carries (a server bug could send anything); the SPA
        // checks every frame against the contract, as tRPC does not on the client.
        yield next.value as T;
      }
    } finally {
      subscription.stopped = true;
    }
  })();
}

/**
 * The socket `getWSConnectionHandler` expects (the `ws` package's), over msw's connection:
 * tRPC's own WebSocket server then runs unchanged, message for message.
 */
function socketOf(client: Client) {
  let open = true;
  client.addEventListener('close', () => {
    open = false;
  });
  const on = (event: string, listener: (...args: unknown[]) => void, once = false) => {
    if (event === 'message') {
      client.addEventListener('message', (message) => listener(Buffer.from(String(message.data)), false), { once });
    } else if (event === 'close') {
      client.addEventListener('close', () => listener(), { once });
    }
    return socket;
  };
  const socket = {
    get readyState() {
      return open ? 1 : 3;
    },
    send: (data: string) => client.send(data),
    close: () => client.close(),
    terminate: () => client.close(),
    on,
    once: (event: string, listener: (...args: unknown[]) => void) => on(event, listener, true),
  };
  return socket;
}

type Socket = ReturnType<typeof socketOf>;
type ConnectionHandler = (socket: Socket, req: { url: string; headers: { host: string } }) => void;
/**
 * tRPC's connection handler, typed for what it uses: its types ask for `applyWSSHandler`'s
 * options (a `wss` it never reads) and the `ws` package's full socket and request, of which it
 * reads what `socketOf` gives and the request's url and host.
 */
const connectionHandler = getWSConnectionHandler as unknown as (options: WSConnectionHandlerOptions<AppRouter>) => ConnectionHandler;

/**
 * `ws://localhost:3000/trpc`: the real `appRouter` through tRPC's WebSocket handler, on
 * msw's WebSocket interception. The live services are this server's: each subscription the
 * router opens is recorded, and the test emits frames into it (`emit`), ends it with an
 * error (`fail`), drops every connection (`dropAll`) or refuses new ones (`refuse`).
 */
export function createLiveServer(options: { services: FakeServices; authenticate: Authenticate }) {
  const subscriptions: LiveSubscription[] = [];
  const connectionParams: unknown[] = [];
  const clients = new Set<Client>();
  const closedClients = new Set<Client>();
  const clientOf = new WeakMap<object, Client>();
  let refusing = false;
  let trackedIds = 0;

  const subscribe = <T>(client: Client | undefined, path: LivePath, input: LiveSubscription['input'], signal: AbortSignal): AsyncIterable<T> => {
    if (!client) throw new Error('A live stream was opened outside a connection of the test server');
    const subscription: LiveSubscription = { path, input, lastEventId: input.lastEventId, client, stopped: false, deliver: () => undefined };
    subscriptions.push(subscription);
    return openStream<T>(subscription, signal);
  };
  /** The view's overrides a stream was asked for, only those given (as the router passed them). */
  const overridesOf = ({ timeRange, compare, filters }: DashboardOverrides): DashboardOverrides => ({
    ...(timeRange ? { timeRange } : {}),
    ...(compare !== undefined ? { compare } : {}),
    ...(filters ? { filters } : {}),
  });
  const resumeFrom = (lastEventId: string | null) => (lastEventId === null ? {} : { lastEventId });
  const liveServices = (client: Client | undefined): PulseServices['live'] => ({
    activity: (organizationId, lastEventId, signal) => subscribe(client, 'live.activity', { organizationId, ...resumeFrom(lastEventId) }, signal),
    counters: (organizationId, signal) => subscribe(client, 'live.counters', { organizationId }, signal),
    alerts: (organizationId, lastEventId, signal) => subscribe(client, 'live.alerts', { organizationId, ...resumeFrom(lastEventId) }, signal),
    notifications: (_userId, signal) => subscribe(client, 'live.notifications', {}, signal),
    dashboard: (_actor, organizationId, input, signal) =>
      subscribe(client, 'live.dashboard', { organizationId, dashboardId: input.dashboardId, ...overridesOf(input), ...resumeFrom(input.lastEventId ?? null) }, signal),
  });

  const publicLive = (client: Client | undefined): PulseServices['shares']['live'] => (share, input, signal) =>
    subscribe(client, 'live.publicDashboard', { organizationId: share.organizationId, dashboardId: share.dashboardId, ...overridesOf(input), ...resumeFrom(input.lastEventId ?? null) }, signal);

  const handleConnection = connectionHandler({
    router: appRouter,
    onError: reportNotFaked,
    createContext({ res, info }) {
      connectionParams.push(info.connectionParams);
      const token = info.connectionParams?.token ?? null;
      const client = clientOf.get(res);
      // A public link's stream is the shares service's: the link the test's `shares.open` resolved, its dashboard's frames.
      const shares = { ...options.services.shares, live: publicLive(client) };
      return contextFor({ ...options.services, live: liveServices(client), shares }, options.authenticate, token);
    },
  });

  const handler = ws.link(`${ORIGIN.replace('http', 'ws')}/trpc`).addEventListener('connection', ({ client }) => {
    if (refusing) {
      client.close(4000, 'refused by the test');
      return;
    }
    clients.add(client);
    client.addEventListener('close', () => {
      clients.delete(client);
      closedClients.add(client);
    });
    const socket = socketOf(client);
    clientOf.set(socket, client);
    handleConnection(socket, { url: `${client.url.pathname}${client.url.search}`, headers: { host: client.url.host } });
  });

  function active(path: LivePath): LiveSubscription[] {
    return subscriptions.filter((subscription) => subscription.path === path && !subscription.stopped && clients.has(subscription.client));
  }

  return {
    handler,
    subscriptions,
    connectionParams,
    clients,
    closedClients,
    active,
    /**
     * Sends one frame to every open subscription on `path`. The resumable streams
     * (`live.activity`, `live.alerts`, `live.dashboard`, `live.publicDashboard`) carry an id: `trackedId`, or a new one.
     */
    emit(path: LivePath, data: unknown, trackedId?: string): number {
      const targets = active(path);
      const tracked = path === 'live.activity' || path === 'live.alerts' || path === 'live.dashboard' || path === 'live.publicDashboard';
      const value = tracked ? { id: trackedId ?? `test-${++trackedIds}`, data } : data;
      for (const subscription of targets) subscription.deliver({ value });
      return targets.length;
    },
    /** Ends every open subscription on `path` with this error, as the server's transport answers it. */
    fail(path: LivePath, code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND', message: string): void {
      for (const subscription of active(path)) {
        subscription.stopped = true;
        subscription.deliver({ error: new TRPCError({ code, message }) });
      }
    },
    /** Closes every connection, as a server restart does, or with a limit's close code. */
    dropAll(code = 4001, reason = 'dropped by the test'): void {
      for (const client of clients) client.close(code, reason);
    },
    refuse(value: boolean): void {
      refusing = value;
    },
  };
}

export type LiveServer = ReturnType<typeof createLiveServer>;
