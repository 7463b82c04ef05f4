import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on the loopback interface (the OS picks it; we release it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type ServerProcess = {
  name: string;
  pid: number;
  /** Peak resident memory so far in MB (VmHWM: the kernel tracks the high-water mark for us). */
  peakRssMb(): number | null;
  /** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

const LOG_TAIL_LINES = 40;

/**
 * Starts a Node process running `script` with `env` on top of ours. Output is kept (last
 * lines) and shown when the process dies unexpectedly; warnings are echoed with the name.
 */
export function startProcess(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): ServerProcess {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const pid = child.pid;
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      if (/"level":"(warn|error)"/.test(line) || !line.startsWith('{')) console.error(`  [${name}] ${line.slice(0, 400)}`);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) console.error(`  [${name}] exited unexpectedly (code ${code}, signal ${signal}); last output:\n${tail.join('\n')}`);
      resolve();
    });
  });
  return {
    name,
    pid,
    peakRssMb() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match?.[1] ? Math.round(Number(match[1]) / 1024) : null;
      } catch {
        return null;
      }
    },
    async stop(graceMs = 15_000) {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
