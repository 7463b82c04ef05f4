import { join } from 'node:path';
import { startChild, type Child } from './child-process.ts';
import { freePort } from './free-port.ts';

export type PrivateRedis = {
  url: string;
  port: number;
  /** Starts it again on the same port (and files); does nothing while it runs. */
  start(): Promise<void>;
  /** Crashes it (SIGKILL): nothing is flushed that was not already. */
  stop(): Promise<void>;
  /** Crashes it, keeps it down for downMs, then starts it again on the same port and files. */
  restart(downMs: number): Promise<void>;
};

export type PrivateRedisOptions = {
  /**
   * Keep what it acknowledged, in this directory (its log goes there too): AOF with fsync on
   * every write, the setting the operations docs ask for, so a crash loses nothing that was
   * answered. Without it nothing is kept on disk.
   */
  durableDir?: string;
  /** Called when Redis dies without being told to. */
  onCrash?(child: Child): void;
};

/**
 * A Redis of our own on a free loopback port, which a test may crash and start again (the
 * machine's shared Redis must never be stopped, and keeps nothing on disk).
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = options.durableDir;
  const persistence = dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
  let server: Child | null = null;
  const start = async () => {
    if (server) return;
    const child = startChild('redis', 'redis-server', args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      ...(dir ? { logFile: join(dir, 'redis.log') } : {}),
      onUnexpectedExit: (crashed) => {
        if (server === crashed) server = null;
        options.onCrash?.(crashed);
      },
    });
    server = child;
    await child.waitForOutput(/Ready to accept connections/, 15_000);
  };
  const stop = async () => {
    const running = server;
    server = null;
    await running?.kill('SIGKILL');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async restart(downMs) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
  };
}
