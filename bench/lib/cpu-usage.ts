import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every platform Node runs on. */
const TICKS_PER_SECOND = 100;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** user + system CPU seconds a process has used so far (0 once it is gone). */
export function processCpuSeconds(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // fields after the parenthesised command name; utime and stime are fields 14 and 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds used by every process with this command name (e.g. all Postgres backends). */
function commandCpuSeconds(command: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (read(`/proc/${entry}/comm`)?.trim() === command) total += processCpuSeconds(Number(entry));
  }
  return total;
}

/** Busy CPU seconds of the whole machine, all cores together. */
function machineBusySeconds(): number {
  const [, ...values] = (read('/proc/stat')?.split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

type Snapshot = { machine: number; postgres: number; redis: number; bench: number; processes: Map<string, number> };

/**
 * Where the CPU went during a measurement: each server process, Postgres, Redis, the bench
 * client itself, and whatever else ran on the machine meanwhile (other users of the cores).
 * Postgres backends that ended during the run are missed, so "other" includes them.
 */
export function startCpuAccount(processes: { name: string; pid: number }[]) {
  const take = (): Snapshot => ({
    machine: machineBusySeconds(),
    postgres: commandCpuSeconds('postgres'),
    redis: commandCpuSeconds('redis-server'),
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    processes: new Map(processes.map((server) => [server.name, processCpuSeconds(server.pid)])),
  });
  const before = take();
  return {
    /** CPU seconds per consumer since the account was started. */
    finish(): Record<string, number> {
      const after = take();
      const round = (value: number) => Math.round(value * 100) / 100;
      const used: Record<string, number> = {};
      for (const [name, seconds] of after.processes) used[name] = round(seconds - (before.processes.get(name) ?? 0));
      used.postgres = round(after.postgres - before.postgres);
      used.redis = round(after.redis - before.redis);
      used.bench = round(after.bench - before.bench);
      const machine = after.machine - before.machine;
      used.other = round(machine - Object.values(used).reduce((sum, value) => sum + value, 0));
      used.machine = round(machine);
      return used;
    },
  };
}
