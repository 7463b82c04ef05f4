import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startChild, type Child } from './child-process.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
const MAIN = join(repoRoot, 'apps/server/src/main.ts');
const SETUP = join(repoRoot, 'apps/server/src/setup.ts');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** PATH and HOME only: the children get their settings from us, never from the test's shell. */
export const baseEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' });

export type PulseProcessesOptions = {
  databaseUrl: string;
  redisUrl: string;
  logDir: string;
  /** Extra settings for the worker (lock duration, stalled interval). */
  workerEnv: Record<string, string>;
  onUnexpectedExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void;
};

export type PulseProcesses = {
  url: string;
  prefix: string;
  workerKills: number;
  /** SIGKILL the worker (no shutdown routine runs), then start a new one and wait until it works. */
  killWorker(downMs: number): Promise<void>;
  /** The last lines of every process started, for a failure report. */
  logs(): string;
  /** How many lines of the workers' logs (all of them, killed ones too) match. */
  countWorkerLogLines(pattern: RegExp): number;
  stop(): Promise<void>;
};

/**
 * Pulse as an operator runs it: `setup.ts`, then one API process and one separate worker
 * process (`PULSE_ROLE`), every setting through the environment.
 */
export async function startPulseProcesses(options: PulseProcessesOptions): Promise<PulseProcesses> {
  const prefix = `faults_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...baseEnv(),
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    PULSE_DEMO: 'false',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
  };
  // Setup seeds the demo organizations and their ingest keys (the senders use them); the
  // running processes have demo mode off so no demo traffic mixes with the test's events.
  const setup = startChild('setup', process.execPath, [SETUP], { env: { ...env, PULSE_DEMO: 'true' }, logFile: join(options.logDir, 'setup.log') });
  const setupExit = await setup.exited;
  if (setupExit.code !== 0) throw new Error(`setup failed (${setupExit.code ?? setupExit.signal}):\n${setup.tail(30)}`);

  const children = new Set<Child>();
  const spawnRole = async (role: 'api' | 'worker', ready: RegExp, extra: Record<string, string> = {}) => {
    const child = startChild(role, process.execPath, [MAIN], {
      env: { ...env, ...extra, PULSE_ROLE: role },
      logFile: join(options.logDir, `${role}.log`),
      onUnexpectedExit: (crashed, code, signal) => {
        children.delete(crashed);
        options.onUnexpectedExit(crashed, code, signal);
      },
    });
    children.add(child);
    await child.waitForOutput(ready, START_TIMEOUT_MS);
    return child;
  };
  const api = await spawnRole('api', /"message":"api listening"/);
  let worker = await spawnRole('worker', /"message":"worker started"/, options.workerEnv);
  let workerKills = 0;
  const history: Child[] = [api, worker];

  return {
    url: `http://127.0.0.1:${port}`,
    prefix,
    get workerKills() {
      return workerKills;
    },
    async killWorker(downMs) {
      await worker.kill('SIGKILL');
      children.delete(worker);
      workerKills++;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      worker = await spawnRole('worker', /"message":"worker started"/, options.workerEnv);
      history.push(worker);
    },
    countWorkerLogLines(pattern) {
      return readFileSync(join(options.logDir, 'worker.log'), 'utf8')
        .split('\n')
        .filter((line) => pattern.test(line)).length;
    },
    logs() {
      return history.map((child) => `--- ${child.name} ${child.pid}\n${child.tail(15)}`).join('\n');
    },
    async stop() {
      // The normal shutdown routine first; a process that hangs in it is killed.
      await Promise.all(
        [...children].map(async (child) => {
          const timer = setTimeout(() => void child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await child.kill('SIGTERM');
          clearTimeout(timer);
        }),
      );
      children.clear();
    },
  };
}
