import { join } from 'node:path';
import { freePort, startChild, type Child } from './child-process.ts';

export type PrivateRedis = {
  url: string;
  /** Crashes Redis (SIGKILL), keeps it down for downMs, then starts it again on the same files. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A Redis of our own that keeps what it acknowledged: the machine's Redis keeps nothing on
 * disk, and a queue is only as durable as its Redis. AOF with fsync on every write is the
 * setting the operations docs ask for; a crash then loses nothing that was answered.
 */
export async function startPrivateRedis(dir: string, onCrash: (child: Child) => void): Promise<PrivateRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--save', ''];
  let server: Child;
  const start = async () => {
    server = startChild('redis', 'redis-server', args, { logFile: join(dir, 'redis.log'), onUnexpectedExit: onCrash });
    await server.waitForOutput(/Ready to accept connections/, 15_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs) {
      await server.kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop: () => server.kill('SIGKILL'),
  };
}
