import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CLOSE_CODES } from '@pulse/api-contract/schemas';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { openTrpcSocket } from '../testing/trpc-socket.ts';

let t: TestPulse;
let ownerToken: string;
let otherToken: string;
beforeAll(async () => {
  t = await startTestPulse({
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '5',
    WS_MAX_IN_FLIGHT_PER_CONNECTION: '3',
    WS_MAX_MESSAGES_PER_SECOND: '40',
    WS_MAX_CONNECTIONS_PER_USER: '2',
    WS_MAX_CONNECTIONS: '4',
    LIVE_RESUME_MAX_ITEMS: '20',
    LIVE_RESUME_MAX_BYTES: '4096',
  });
  ownerToken = (await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' })).accessToken;
  otherToken = (await t.services.auth.login({ email: 'owner@globex.test', password: 'pulse-demo' })).accessToken;
});
afterAll(async () => t?.close());

const liveChannel = () => `${t.settings.REDIS_PREFIX}:live:${t.organizations.acme}`;
const channelListeners = async () => {
  const [, count] = (await t.redis.call('PUBSUB', 'NUMSUB', liveChannel())) as [string, number];
  return Number(count);
};

describe('one WebSocket connection', () => {
  it('gets at most WS_MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions; the next is refused with TOO_MANY_REQUESTS', async () => {
    const client = await openTrpcSocket(t.url, ownerToken);
    try {
      const ids = Array.from({ length: 8 }, () => client.send(client.call('subscription', 'live.counters'))[0] ?? 0);
      await expect.poll(() => ids.filter((id) => client.answersOf(id).length > 0).length).toBe(8);
      const started = ids.filter((id) => client.answersOf(id).some((answer) => answer.result?.type === 'started'));
      const refused = ids.filter((id) => client.answersOf(id).some((answer) => answer.error?.data?.code === 'TOO_MANY_REQUESTS'));
      expect(started).toHaveLength(5);
      expect(refused).toHaveLength(3);
      expect(client.answersOf(refused[0] ?? 0)[0]?.error?.message).toMatch(/5 subscriptions open/);
      // Stopping one frees its place.
      client.socket.send(JSON.stringify({ id: started[0], method: 'subscription.stop' }));
      await expect.poll(() => client.answersOf(started[0] ?? 0).some((answer) => answer.result?.type === 'stopped')).toBe(true);
      const [again] = client.send(client.call('subscription', 'live.counters'));
      await expect.poll(() => client.answersOf(again ?? 0).some((answer) => answer.result?.type === 'started')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('runs at most WS_MAX_IN_FLIGHT_PER_CONNECTION queries at once; the rest are refused, not queued', async () => {
    const client = await openTrpcSocket(t.url, ownerToken);
    try {
      const ids = client.send(...Array.from({ length: 20 }, () => client.call('query', 'dashboards.summary')));
      await expect.poll(() => ids.every((id) => client.answersOf(id).length > 0)).toBe(true);
      const answered = ids.filter((id) => client.answersOf(id)[0]?.result?.type === 'data');
      const refused = ids.filter((id) => client.answersOf(id)[0]?.error?.data?.code === 'TOO_MANY_REQUESTS');
      expect(answered).toHaveLength(3);
      expect(refused).toHaveLength(17);
    } finally {
      await client.close();
    }
  });

  it('refuses a batch larger than the contract maxCallsPerBatch (WebSocket and HTTP)', async () => {
    const client = await openTrpcSocket(t.url, ownerToken);
    try {
      const ids = client.send(...Array.from({ length: 101 }, () => client.call('query', 'dashboards.summary')));
      await expect.poll(() => client.answersOf(ids[0] ?? 0).length).toBe(1);
      expect(client.answersOf(ids[0] ?? 0)[0]?.error?.message).toMatch(/Batch call exceeds maximum size/);
    } finally {
      await client.close();
    }
    const paths = (n: number) => Array.from({ length: n }, () => 'dashboards.summary').join(',');
    const inputs = (n: number) => encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]))));
    const batch = (n: number) => fetch(`${t.url}/trpc/${paths(n)}?batch=1&input=${inputs(n)}`, { headers: { authorization: `Bearer ${ownerToken}` } });
    const tooLarge = await batch(101);
    expect(tooLarge.status).toBe(400);
    expect(JSON.stringify(await tooLarge.json())).toMatch(/Batch call exceeds maximum size/);
    expect((await batch(100)).status).toBe(200);
  });

  it('is closed with 4430 when it sends more than WS_MAX_MESSAGES_PER_SECOND messages', async () => {
    const client = await openTrpcSocket(t.url, ownerToken);
    for (let i = 0; i < 100; i++) client.socket.send('PING');
    const closed = await client.closed;
    expect(closed.code).toBe(LIVE_CLOSE_CODES.tooManyMessages);
    expect(closed.reason).toMatch(/messages per second/);
  });

  it('leaves nothing behind once closed: every subscription ends and the hub leaves the Redis channel', async () => {
    await expect.poll(channelListeners).toBe(0);
    const client = await openTrpcSocket(t.url, ownerToken);
    const ids = [
      ...Array.from({ length: 3 }, () => client.send(client.call('subscription', 'live.counters'))[0] ?? 0),
      ...Array.from({ length: 2 }, () => client.send(client.call('subscription', 'live.activity', { lastEventId: null }))[0] ?? 0),
    ];
    await expect.poll(() => ids.every((id) => client.answersOf(id).some((answer) => answer.result?.type === 'started'))).toBe(true);
    expect(await channelListeners()).toBe(1);
    await client.close();
    await expect.poll(channelListeners).toBe(0);
  });
});

describe('WebSocket connections', () => {
  it('per user: the connection past WS_MAX_CONNECTIONS_PER_USER is closed with 4429 and a reason', async () => {
    const first = await openTrpcSocket(t.url, ownerToken);
    const second = await openTrpcSocket(t.url, ownerToken);
    try {
      // The token is read when the first call arrives.
      for (const client of [first, second]) client.send(client.call('query', 'dashboards.summary'));
      await expect.poll(() => first.answers.length + second.answers.length).toBe(2);
      const third = await openTrpcSocket(t.url, ownerToken);
      third.send(third.call('query', 'dashboards.summary'));
      const closed = await third.closed;
      expect(closed.code).toBe(LIVE_CLOSE_CODES.tooManyConnectionsForUser);
      expect(closed.reason).toMatch(/live connections per user/);
      // Another user is not affected.
      const other = await openTrpcSocket(t.url, otherToken);
      const [id] = other.send(other.call('query', 'dashboards.summary'));
      await expect.poll(() => other.answersOf(id ?? 0)[0]?.result?.type).toBe('data');
      await other.close();
    } finally {
      await first.close();
      await second.close();
    }
    // Closing frees the places.
    const again = await openTrpcSocket(t.url, ownerToken);
    const [id] = again.send(again.call('query', 'dashboards.summary'));
    await expect.poll(() => again.answersOf(id ?? 0)[0]?.result?.type).toBe('data');
    await again.close();
  });

  it('per process: the connection past WS_MAX_CONNECTIONS is closed with 4503', async () => {
    const open = [];
    for (let i = 0; i < 4; i++) open.push(await openTrpcSocket(t.url, null));
    try {
      const fifth = await openTrpcSocket(t.url, null);
      const closed = await fifth.closed;
      expect(closed.code).toBe(LIVE_CLOSE_CODES.serverFull);
      expect(closed.reason).toMatch(/connection limit/);
    } finally {
      for (const client of open) await client.close();
    }
  });
});

describe('resuming live.activity', () => {
  const streamKey = () => `${t.settings.REDIS_PREFIX}:{${t.organizations.acme}}:activity`;
  const addDeltas = async (count: number, filler = '') => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await t.redis.xadd(streamKey(), '*', 'delta', JSON.stringify({ events: [], filler }))) ?? '');
    return ids;
  };
  async function resumeFrom(lastEventId: string) {
    const client = await openTrpcSocket(t.url, ownerToken);
    const [id] = client.send(client.call('subscription', 'live.activity', { lastEventId }));
    await expect.poll(() => client.answersOf(id ?? 0).some((answer) => answer.error || answer.result?.type === 'started')).toBe(true);
    // Give the backlog a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answers = client.answersOf(id ?? 0);
    await client.close();
    return { error: answers.find((answer) => answer.error)?.error, items: answers.filter((answer) => answer.result?.type === 'data') };
  }

  it('replays at most LIVE_RESUME_MAX_ITEMS missed items; further behind, the client is told to reload (CONFLICT)', async () => {
    await t.redis.del(streamKey());
    const ids = await addDeltas(30);
    const within = await resumeFrom(ids[14] ?? '');
    expect(within.error).toBeUndefined();
    expect(within.items).toHaveLength(15);
    const fromStart = await resumeFrom('0-0');
    expect(fromStart.items).toHaveLength(0);
    expect(fromStart.error?.data?.code).toBe('CONFLICT');
    expect(fromStart.error?.message).toMatch(/More than 20 changes .* reload, then subscribe without lastEventId/);
  });

  it('counts bytes too: a few large missed items past LIVE_RESUME_MAX_BYTES are not replayed', async () => {
    await t.redis.del(streamKey());
    const [first] = await addDeltas(6, 'x'.repeat(1000));
    const behind = await resumeFrom(first ?? '');
    expect(behind.items).toHaveLength(0);
    expect(behind.error?.data?.code).toBe('CONFLICT');
  });

  it('an id whose successors were trimmed from the stream is too far behind, not silently resumed with a gap', async () => {
    await t.redis.del(streamKey());
    const ids = await addDeltas(10);
    await t.redis.xtrim(streamKey(), 'MAXLEN', 5);
    const resumed = await resumeFrom(ids[1] ?? '');
    expect(resumed.error?.data?.code).toBe('CONFLICT');
    const recent = await resumeFrom(ids[6] ?? '');
    expect(recent.error).toBeUndefined();
    expect(recent.items).toHaveLength(3);
  });

  it('an id that is not a stream id is a bad request, not a server error', async () => {
    const resumed = await resumeFrom('not-an-id');
    expect(resumed.error?.data?.code).toBe('BAD_REQUEST');
  });
});
