/**
 * One socket against the API process (finding 5 of issue 11): a signed-in user asks for 5,000
 * `live.counters` subscriptions on one WebSocket while events arrive at the demo's rate. Prints
 * the API process's resident memory before, during and after (the socket closed), and another
 * user's query time before and during.
 *
 *   node bench/live-memory.ts [--subscriptions N] [--hold-seconds S] [--rounds R]
 *
 * With --rounds the attack is repeated (a new socket each time), to tell memory that is kept
 * for reuse (flat from round to round) from memory that leaks (growing).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createPulseClient } from '@pulse/api-contract';
import { startPulseProcesses } from '@pulse/server/testing/pulse-processes.ts';
import { deleteKeysWithPrefix } from '@pulse/server/testing/redis-prefix.ts';
import { prepareBenchDatabases } from './lib/databases.ts';
import { sleep } from './lib/stats.ts';

const { values } = parseArgs({ options: { subscriptions: { type: 'string' }, 'hold-seconds': { type: 'string' }, rounds: { type: 'string' } } });
const ROUNDS = Number(values.rounds ?? 1);
const SUBSCRIPTIONS = Number(values.subscriptions ?? 5000);
const HOLD_SECONDS = Number(values['hold-seconds'] ?? 10);
/** Calls per WebSocket message (a tRPC batch); the server's maxCallsPerBatch is 100. */
const CALLS_PER_MESSAGE = 100;
const EVENTS_PER_SECOND = 20;

const rssMb = (pid: number) => {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
};

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pulse';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench_live_${randomBytes(3).toString('hex')}`;
const databases = await prepareBenchDatabases(databaseUrl);
const redis = new Redis(redisUrl);
try {
  const db = await databases.create('live_memory');
  // As the ingest benchmark runs it: production mode, on a copy of the seeded template.
  const servers = await startPulseProcesses({ databaseUrl: db.url, redisUrl, prefix, nodeEnv: 'production', echo: true });
  const api = servers.processes.find((server) => server.name === 'api');
  if (!api) throw new Error('no api process');
  try {
    const login = async (email: string) => {
      const anonymous = createPulseClient({ url: servers.url });
      try {
        return (await anonymous.api.auth.login.mutate({ email, password: 'pulse-demo' })).accessToken;
      } finally {
        anonymous.close();
      }
    };
    const attacker = await login('owner@acme.test');
    const bystander = createPulseClient({ url: servers.url, token: await login('leader@acme.test') });
    const queryMs = async () => {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await bystander.api.dashboards.summary.query({});
        times.push(performance.now() - start);
      }
      return Math.round(times.sort((a, b) => a - b)[2] ?? NaN);
    };

    // Events at the demo's rate, so the counters subscriptions have work to do.
    const sender = createPulseClient({ url: servers.url, token: 'pk_demo_acme' });
    let sending = true;
    const sending_ = (async () => {
      while (sending) {
        await sender.send([{ type: 'PAGE_VIEW', userId: `u${Math.floor(Math.random() * 50)}`, properties: { path: '/x' } }]).catch(() => undefined);
        await sleep(1000 / EVENTS_PER_SECOND);
      }
    })();

    await sleep(3000);
    const before = { rss: rssMb(api.pid), query: await queryMs() };

    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const socket = new WebSocket(`${servers.url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
      const answers = { started: 0, refused: 0, other: 0 };
      let closed: string | null = null;
      socket.addEventListener('message', (message) => {
        const text = String(message.data);
        if (text === 'PING' || text === 'PONG') return;
        const parsed = JSON.parse(text) as { result?: { type: string }; error?: { data?: { code?: string } } } | unknown[];
        for (const answer of (Array.isArray(parsed) ? parsed : [parsed]) as { result?: { type: string }; error?: { data?: { code?: string } } }[]) {
          if (answer.result?.type === 'started') answers.started++;
          else if (answer.error?.data?.code === 'TOO_MANY_REQUESTS') answers.refused++;
          else if (answer.error) answers.other++;
        }
      });
      socket.addEventListener('close', (event) => {
        closed = `${event.code} ${event.reason}`;
      });
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token: attacker } }));
      for (let id = 1; id <= SUBSCRIPTIONS; id += CALLS_PER_MESSAGE) {
        const calls = [];
        for (let n = id; n < Math.min(id + CALLS_PER_MESSAGE, SUBSCRIPTIONS + 1); n++) calls.push({ id: n, method: 'subscription', params: { path: 'live.counters', input: {} } });
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(calls));
      }
      let peak = 0;
      for (let s = 0; s < HOLD_SECONDS; s++) {
        await sleep(1000);
        peak = Math.max(peak, rssMb(api.pid));
      }
      const during = { rss: rssMb(api.pid), peak, query: await queryMs(), ...answers, closed };

      socket.close();
      await sleep(10_000);
      const after10 = rssMb(api.pid);
      await sleep(20_000);
      const after30 = rssMb(api.pid);
      rounds.push({ during, afterRssMb: { after10s: after10, after30s: after30 } });
    }
    sending = false;
    await sending_;
    sender.close();
    bystander.close();

    console.log(JSON.stringify({ subscriptionsAsked: SUBSCRIPTIONS, before, rounds }, null, 2));
  } finally {
    await servers.stop();
  }
} finally {
  await databases.dropAll();
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
}
