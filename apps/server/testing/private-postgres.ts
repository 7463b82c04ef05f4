import { execFile } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

export type PrivatePostgres = {
  /** Connection URL of the maintenance database; name your own with withDatabaseName. */
  adminUrl: string;
  /** Stops Postgres the hard way (immediate: no checkpoint, like a crash), waits, starts it again. */
  restart(downMs: number): Promise<void>;
  /** Stops it the hard way, like restart, and leaves it down until start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port and files. */
  start(): Promise<void>;
};

/** The newest installed Postgres server binaries (initdb and pg_ctl are not on PATH on Debian). */
function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((name) => existsSync(join(base, name, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no Postgres server binaries under ${base}`);
  return join(base, newest, 'bin');
}

/** runuser lives in sbin, which a non-login root shell (CI, cron) may not have on PATH. */
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';

/**
 * A Postgres of our own, so it can be restarted without touching anyone else's data. Postgres
 * refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
 */
export async function startPrivatePostgres(dir: string): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const pg = (tool: string, args: string[]) =>
    asRoot ? run(RUNUSER, ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // No fsync at initdb only (a throwaway template); the running server fsyncs as in production.
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const start = () => pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '30', 'start']);
  const stop = () => pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(downMs) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop: () => stop().then(() => undefined),
    start: () => start().then(() => undefined),
  };
}
