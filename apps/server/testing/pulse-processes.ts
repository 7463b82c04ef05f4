import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, type Child } from './child-process.ts';
import { freePort } from './free-port.ts';
import { MAIN_SCRIPT, READY_LINES, SETUP_SCRIPT } from './pulse-internals.ts';

const START_TIMEOUT_MS = 30_000;

/** PATH and HOME only: the children get their settings from us, never from the caller's shell. */
export const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' });

/**
 * The database setup as `npm start` runs it (migrations, partitions, and the demo organizations
 * with their ingest keys when PULSE_DEMO is on), with exactly these settings.
 */
export async function runPulseSetup(env: Record<string, string>, logFile?: string): Promise<void> {
  const setup = startChild('setup', process.execPath, [SETUP_SCRIPT], { env: { ...baseEnv(), ...env }, ...(logFile ? { logFile } : {}) });
  const { code, signal } = await setup.exited;
  if (code !== 0) throw new Error(`setup failed (${code ?? signal}):\n${setup.tail(30)}`);
}

export type PulseRole = 'api' | 'worker';

export type PulseProcessesOptions = {
  databaseUrl: string;
  redisUrl: string;
  /** Prefix of its Redis keys and queues; a fresh random one when absent. */
  prefix?: string;
  /** NODE_ENV of both processes. */
  nodeEnv?: 'test' | 'production';
  /** Settings for both processes on top of the ones chosen here. */
  env?: Record<string, string>;
  /** Settings for the worker only (lock duration, stalled interval). */
  workerEnv?: Record<string, string>;
  /** Node flags per role (e.g. --cpu-prof). */
  nodeArgs?(role: PulseRole): string[];
  /**
   * Run the setup first on an empty database: it seeds the demo organizations and their ingest
   * keys, while the running processes keep demo mode off so no demo traffic mixes in. Leave it
   * off for a database copied from a seeded template.
   */
  setup?: boolean;
  /** Each process's whole output goes to <role>.log here (needed by countWorkerLogLines). */
  logDir?: string;
  /** Print the processes' warnings and errors as they come (see ChildOptions.echo). */
  echo?: boolean;
  onUnexpectedExit?(child: Child, code: number | null, signal: NodeJS.Signals | null): void;
};

export type PulseProcesses = {
  url: string;
  prefix: string;
  /** The processes running now: the api, then the worker. */
  readonly processes: Child[];
  readonly workerKills: number;
  /** SIGKILL the worker (no shutdown routine runs), then start a new one and wait until it works. */
  killWorker(downMs: number): Promise<void>;
  /** The last lines of every process started, for a failure report. */
  logs(): string;
  /** How many lines of the workers' logs (all of them, killed ones too) match. */
  countWorkerLogLines(pattern: RegExp): number;
  /** The normal shutdown routine, api first so nothing new is queued while the worker drains. */
  stop(): Promise<void>;
};

/**
 * Pulse as an operator runs it: one API process and one separate worker process (`PULSE_ROLE`)
 * of `src/main.ts`, every setting through the environment. Resolves once the api listens and
 * the worker has started its workers.
 */
export async function startPulseProcesses(options: PulseProcessesOptions): Promise<PulseProcesses> {
  const prefix = options.prefix ?? `pulse_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...baseEnv(),
    NODE_ENV: options.nodeEnv ?? 'test',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    PULSE_DEMO: 'false',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    // info at least: readiness is read from the processes' own log lines
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const logFile = (name: string) => (options.logDir ? { logFile: join(options.logDir, `${name}.log`) } : {});
  if (options.setup) await runPulseSetup({ ...env, PULSE_DEMO: 'true' }, logFile('setup').logFile);

  const running = new Set<Child>();
  const history: Child[] = [];
  const spawnRole = async (role: PulseRole, extra: Record<string, string> = {}) => {
    const child = startChild(role, process.execPath, [...(options.nodeArgs?.(role) ?? []), MAIN_SCRIPT], {
      env: { ...env, ...extra, PULSE_ROLE: role },
      ...logFile(role),
      echo: options.echo ?? false,
      onUnexpectedExit: (crashed, code, signal) => {
        running.delete(crashed);
        options.onUnexpectedExit?.(crashed, code, signal);
      },
    });
    running.add(child);
    history.push(child);
    await child.waitForOutput(READY_LINES[role], START_TIMEOUT_MS);
    return child;
  };
  const stop = async () => {
    for (const child of running) await child.stop();
    running.clear();
  };

  let worker: Child;
  let workerKills = 0;
  try {
    await spawnRole('api');
    worker = await spawnRole('worker', options.workerEnv);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    prefix,
    get processes() {
      return [...running];
    },
    get workerKills() {
      return workerKills;
    },
    async killWorker(downMs) {
      await worker.kill('SIGKILL');
      running.delete(worker);
      workerKills++;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      worker = await spawnRole('worker', options.workerEnv);
    },
    countWorkerLogLines(pattern) {
      if (!options.logDir) throw new Error('countWorkerLogLines needs a logDir');
      return readFileSync(join(options.logDir, 'worker.log'), 'utf8')
        .split('\n')
        .filter((line) => pattern.test(line)).length;
    },
    logs() {
      return history.map((child) => `--- ${child.name} ${child.pid}\n${child.tail(15)}`).join('\n');
    },
    stop,
  };
}
