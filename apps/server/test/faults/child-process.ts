import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export type Child = {
  name: string;
  pid: number;
  /** Settles when the process has exited (with the signal name when it was killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once a line of its output matches (the process's own "I am ready"). */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** The last lines it wrote, for a failure report. */
  tail(lines: number): string;
};

export type ChildOptions = {
  /** The whole environment of the process (nothing is inherited unless passed here). */
  env?: Record<string, string>;
  /** Everything the process writes goes here (stdout and stderr interleaved). */
  logFile: string;
  cwd?: string;
  /** Called when the process exits without the harness having asked it to. */
  onUnexpectedExit?(child: Child, code: number | null, signal: NodeJS.Signals | null): void;
};

/**
 * A real child process with its output in a log file. The harness tells deliberate kills
 * from crashes: a process that dies on its own is reported through onUnexpectedExit, so a
 * fault scenario fails when Pulse crashes instead of recovering.
 */
export function startChild(name: string, command: string, args: string[], options: ChildOptions): Child {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const proc: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${name}: ${command} did not start`);
  let output = '';
  const watchers = new Set<{ pattern: RegExp; resolve(): void }>();
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-200_000);
    for (const watcher of watchers) {
      if (watcher.pattern.test(output)) {
        watchers.delete(watcher);
        watcher.resolve();
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);

  let killedByUs = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      log.end();
      resolve({ code, signal });
      if (!killedByUs) options.onUnexpectedExit?.(child, code, signal);
    });
  });

  const child: Child = {
    name,
    pid: proc.pid,
    exited,
    waitForOutput(pattern, timeoutMs) {
      if (pattern.test(output)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const watcher = {
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          watchers.delete(watcher);
          reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms; last output:\n${child.tail(20)}`));
        }, timeoutMs);
        watchers.add(watcher);
        void exited.then(() => {
          if (!watchers.delete(watcher)) return;
          clearTimeout(timer);
          reject(new Error(`${name} exited before printing ${pattern}; last output:\n${child.tail(20)}`));
        });
      });
    },
    async kill(signal) {
      killedByUs = true;
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
    tail(lines) {
      return output.split('\n').slice(-lines - 1).join('\n');
    },
  };
  return child;
}

/** A TCP port nobody listens on right now (the OS picks it). */
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

/** The last lines of a log file, or a note that there is none. */
export function tailFile(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return `(no ${file})`;
  }
}
