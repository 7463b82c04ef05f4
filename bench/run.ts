// `npm run bench [-- <benchmark>...] [options]`: runs the named benchmarks (default: ingest).
// The bootstrap has made sure Node 24, the packages, Postgres and Redis are there.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDashboardsBenchmark } from './dashboards/dashboards.bench.ts';
import { INGEST_SCENARIOS, runIngestBenchmark, type IngestScenario } from './ingest/ingest.bench.ts';
import { NAIVE_CONCURRENCY } from './ingest/naive-design.ts';

const USAGE = `usage: node bench/run.ts [ingest] [dashboards] [--quick] [--events N] [--naive-events N] [--naive-concurrency N] [--senders N]
                          [--steady-seconds S] [--only ${INGEST_SCENARIOS.join(',')}] [--cpu-prof]

  ingest            Pulse over HTTP batches and the typed client, the COPY ceiling and the naive
                    design on the same events, then acceptance->live at a steady 10,000 events/s
  --quick           20,000 events (naive 2,000, steady 2 s): checks that it runs, in well under a minute
  --events N        events for the Pulse scenarios and COPY (default 1,000,000)
  --naive-events N  events for the naive design (default 20,000; it is slow)
  --naive-concurrency N  its BullMQ worker concurrency (default ${NAIVE_CONCURRENCY}; BullMQ's own default is 1)
  --senders N       concurrent HTTP senders of the batch scenarios (default 8)
  --steady-seconds S  measured seconds of the steady 10,000 events/s run (default 10)
  --only a,b        run only these scenarios
  --cpu-prof        write V8 CPU profiles of the server processes next to the results (dashboards: of the live part)
                    (summarise one with: node bench/cpu-profile.ts <file>)

  dashboards        30 days of history (default 10,000,000 events, --events to change) rolled up by
                    Pulse, each role's default dashboard 200 times cold and warm, the same widgets in
                    plain SQL over raw events; then live dashboards at 2,000 events/s
  --iterations N    loads per role and cache state (default 200)
  --raw-iterations N  plain-SQL loads per role (default 5; each scans the raw events)
  --dashboards N    open live dashboards (default 200; 0 skips the live part)
  --live-seconds S  seconds of live traffic (default 10)`;

const BENCHMARKS = ['ingest', 'dashboards'] as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    events: { type: 'string' },
    'naive-events': { type: 'string' },
    'naive-concurrency': { type: 'string' },
    senders: { type: 'string', default: '8' },
    'steady-seconds': { type: 'string' },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    iterations: { type: 'string' },
    'raw-iterations': { type: 'string' },
    dashboards: { type: 'string' },
    'live-seconds': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number, not "${raw}"`);
  return value;
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = positionals.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
// Without a name: ingest (the dashboards benchmark writes 10 million events; name it to run it).
const selected = positionals.length > 0 ? positionals : ['ingest'];
const only = values.only?.split(',').map((name) => name.trim()) ?? [...INGEST_SCENARIOS];
const badScenario = only.filter((name) => !(INGEST_SCENARIOS as readonly string[]).includes(name));
if (badScenario.length > 0) {
  console.error(`unknown scenario: ${badScenario.join(', ')}\n${USAGE}`);
  process.exit(2);
}

const quick = values.quick;
if (selected.includes('ingest')) {
  await runIngestBenchmark({
    quick,
    events: positiveInt('events', values.events, quick ? 20_000 : 1_000_000),
    naiveEvents: positiveInt('naive-events', values['naive-events'], quick ? 2_000 : 20_000),
    naiveConcurrency: positiveInt('naive-concurrency', values['naive-concurrency'], NAIVE_CONCURRENCY),
    senders: positiveInt('senders', values.senders, 8),
    batchSize: 500,
    steady: { eventsPerSecond: 10_000, seconds: positiveInt('steady-seconds', values['steady-seconds'], quick ? 2 : 10), warmupSeconds: 1, batchSize: 100 },
    scenarios: only as IngestScenario[],
    cpuProf: values['cpu-prof'],
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pulse',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    resultsDir: fileURLToPath(new URL('./results', import.meta.url)),
  });
}
if (selected.includes('dashboards')) {
  const dashboards = values.dashboards === '0' ? 0 : positiveInt('dashboards', values.dashboards, quick ? 10 : 200);
  await runDashboardsBenchmark({
    events: positiveInt('events', values.events, quick ? 50_000 : 10_000_000),
    days: 30,
    iterations: positiveInt('iterations', values.iterations, quick ? 20 : 200),
    rawIterations: positiveInt('raw-iterations', values['raw-iterations'], quick ? 2 : 5),
    live: dashboards > 0 ? { dashboards, eventsPerSecond: 2_000, seconds: positiveInt('live-seconds', values['live-seconds'], quick ? 3 : 10) } : null,
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pulse',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    resultsDir: fileURLToPath(new URL('./results', import.meta.url)),
    cpuProf: values['cpu-prof'],
  });
}
// the WebSocket client and pools have been closed; exit even if a library keeps a timer
process.exit(0);
