import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import { summariseProfile } from '../cpu-profile.ts';
import { prepareBenchDatabases } from '../lib/databases.ts';
import { copyCeiling } from './copy-ceiling.ts';
import { generateDataset } from './dataset.ts';
import { naiveDesign } from './naive-design.ts';
import { CLIENT_CALLERS, pulseHttpBatches, pulseSteadyRate, pulseTypedClient } from './pulse-scenarios.ts';
import { checkTargets, formatTable, formatTargets, TARGETS } from './report.ts';
import type { BenchContext, ScenarioResult } from './scenario.ts';

export const INGEST_SCENARIOS = ['pulse-http', 'pulse-client', 'copy', 'naive', 'pulse-steady'] as const;
export type IngestScenario = (typeof INGEST_SCENARIOS)[number];

export type IngestOptions = {
  quick: boolean;
  events: number;
  naiveEvents: number;
  naiveConcurrency: number;
  senders: number;
  batchSize: number;
  steady: { eventsPerSecond: number; seconds: number; warmupSeconds: number; batchSize: number };
  scenarios: IngestScenario[];
  cpuProf: boolean;
  databaseUrl: string;
  redisUrl: string;
  resultsDir: string;
};

/** Every how many events one is sampled for acceptance→live in the throughput runs. */
const SAMPLE_EVERY = 50;

const say = (line: string) => console.log(`[bench] ${line}`);

/**
 * The ingest benchmark: the same generated events through each scenario, one after the
 * other on the same Postgres and Redis (never at the same time: they would share the cores),
 * then the table, the targets and a JSON file under bench/results/.
 */
export async function runIngestBenchmark(options: IngestOptions): Promise<{ results: ScenarioResult[]; file: string }> {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const loadBefore = loadavg();
  say(`machine: ${cpus().length} cores, load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} before the run`);
  const wanted = new Set(options.scenarios);
  const cpuProfDir = options.cpuProf ? `${options.resultsDir}/profiles-${stamp}` : null;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });

  say(`generating ${options.events.toLocaleString('en')} events`);
  const dataset = generateDataset(options.events, options.batchSize, SAMPLE_EVERY);
  const steadyEvents = Math.round(options.steady.eventsPerSecond * (options.steady.seconds + options.steady.warmupSeconds));
  const steadyData = wanted.has('pulse-steady') ? generateDataset(steadyEvents, options.steady.batchSize, 1) : null;

  say('preparing the template database (migrations, partitions, demo tenants)');
  const databases = await prepareBenchDatabases(options.databaseUrl);
  const redis = new Redis(options.redisUrl);
  const ctx: BenchContext = {
    runId: randomBytes(3).toString('hex'),
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    redis,
    databases,
    senders: options.senders,
    cpuProfDir,
  };
  const results: ScenarioResult[] = [];
  const run = async (id: IngestScenario, scenario: () => Promise<ScenarioResult>) => {
    if (!wanted.has(id)) return;
    say(`${id}: running`);
    const result = await scenario();
    results.push(result);
    say(`${id}: ${result.events.toLocaleString('en')} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s`);
    if (result.cpuSeconds) {
      const { machine = 0, ...parts } = result.cpuSeconds;
      const shares = Object.entries(parts).map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`);
      say(`${id}: CPU seconds ${shares.join(', ')} (machine busy ${machine.toFixed(1)} of ${(cpus().length * result.seconds).toFixed(1)})`);
    }
  };
  try {
    await run('pulse-http', () => pulseHttpBatches(ctx, dataset));
    await run('pulse-client', () => pulseTypedClient(ctx, dataset));
    await run('copy', () => copyCeiling(ctx, dataset));
    await run('naive', () => naiveDesign(ctx, dataset, Math.ceil(options.naiveEvents / options.batchSize), options.naiveConcurrency));
    if (steadyData) await run('pulse-steady', () => pulseSteadyRate(ctx, steadyData, options.steady));
  } finally {
    await databases.dropAll();
    redis.disconnect();
  }

  const loadAfter = loadavg();
  const targets = checkTargets(results);
  console.log(`\n${formatTable(results)}\n\nTargets (issue 3):\n${formatTargets(targets)}\n`);
  mkdirSync(options.resultsDir, { recursive: true });
  const file = `${options.resultsDir}/ingest-${stamp}.json`;
  const { databaseUrl: _db, redisUrl: _redis, resultsDir: _dir, ...settings } = options;
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'ingest',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version, loadBefore, loadAfter },
        settings: { ...settings, sampleEvery: SAMPLE_EVERY, clientCallers: CLIENT_CALLERS },
        targets: { ...TARGETS, checks: targets },
        cpuProfiles: cpuProfDir,
        results,
      },
      null,
      2,
    )}\n`,
  );
  if (cpuProfDir) {
    for (const profile of readdirSync(cpuProfDir).sort()) console.log(`${summariseProfile(`${cpuProfDir}/${profile}`, 12)}\n`);
  }
  say(`results written to ${file}${cpuProfDir ? `; CPU profiles in ${cpuProfDir}` : ''}`);
  return { results, file };
}
