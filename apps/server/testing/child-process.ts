import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

export type Child = {
  name: string;
  pid: number;
  /** Settles when the process has exited (with the signal name when it was killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once a line of its output matches (the process's own "I am ready"). */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (its normal shutdown routine), then SIGKILL if it has not exited after graceMs. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it wrote, for a failure report. */
  tail(lines: number): string;
  /** Peak resident memory so far in MB (VmHWM: the kernel tracks the high-water mark), null once gone. */
  peakRssMb(): number | null;
};

export type ChildOptions = {
  /** The whole environment of the process (nothing is inherited unless passed here). */
  env?: NodeJS.ProcessEnv;
  /** Everything the process writes goes here too (stdout and stderr interleaved). */
  logFile?: string;
  cwd?: string;
  /**
   * Print its warnings, errors and non-JSON lines on our stderr under its name, and its last
   * output when it dies on its own (a long run a person watches, like the benchmark).
   */
  echo?: boolean;
  /** Called when the process exits without the caller having asked it to. */
  onUnexpectedExit?(child: Child, code: number | null, signal: NodeJS.Signals | null): void;
};

const DEFAULT_STOP_GRACE_MS = 15_000;
const KEPT_OUTPUT_CHARS = 200_000;

/**
 * A real child process whose output is kept (and written to a log file when asked). Deliberate
 * kills are told from crashes: a process that dies on its own is reported through
 * onUnexpectedExit, so a fault scenario fails when Pulse crashes instead of recovering.
 */
export function startChild(name: string, command: string, args: string[], options: ChildOptions = {}): Child {
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  const proc: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${name}: ${command} did not start`);
  const pid = proc.pid;
  let output = '';
  const watchers = new Set<{ pattern: RegExp; resolve(): void }>();
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    const text = chunk.toString('utf8');
    output = (output + text).slice(-KEPT_OUTPUT_CHARS);
    if (options.echo) {
      for (const line of text.split('\n')) {
        if (line.trim() && (/"level":"(warn|error)"/.test(line) || !line.startsWith('{'))) console.error(`  [${name}] ${line.slice(0, 400)}`);
      }
    }
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
      log?.end();
      resolve({ code, signal });
      if (killedByUs) return;
      if (options.echo) console.error(`  [${name}] exited unexpectedly (code ${code}, signal ${signal}); last output:\n${child.tail(40)}`);
      options.onUnexpectedExit?.(child, code, signal);
    });
  });
  const running = () => proc.exitCode === null && proc.signalCode === null;

  const child: Child = {
    name,
    pid,
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
      if (running()) proc.kill(signal);
      await exited;
    },
    async stop(graceMs = DEFAULT_STOP_GRACE_MS) {
      killedByUs = true;
      if (!running()) return;
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await child.kill('SIGTERM');
      clearTimeout(timer);
    },
    tail(lines) {
      return output.split('\n').slice(-lines - 1).join('\n');
    },
    peakRssMb() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match?.[1] ? Math.round(Number(match[1]) / 1024) : null;
      } catch {
        return null;
      }
    },
  };
  return child;
}

