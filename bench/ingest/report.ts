import type { LatencySummary } from '../lib/stats.ts';
import type { ScenarioResult } from './scenario.ts';

export type Targets = { httpEventsPerSecond: number; shareOfCopy: number; timesNaive: number; steadyLiveP99Ms: number };

export const TARGETS: Targets = { httpEventsPerSecond: 50_000, shareOfCopy: 0.4, timesNaive: 20, steadyLiveP99Ms: 250 };

const int = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number | null) => (value === null ? '-' : value < 10 ? value.toFixed(1) : String(Math.round(value)));
const pair = (summary: LatencySummary | null) => (summary && summary.samples > 0 ? `${ms(summary.p50Ms)} / ${ms(summary.p99Ms)}` : 'n/a');
const ratio = (value: number | null) => (value === null ? '-' : value >= 10 ? `${value.toFixed(0)}x` : `${value.toFixed(2)}x`);

export function ratios(result: ScenarioResult, all: ScenarioResult[]) {
  const rate = (id: string) => all.find((r) => r.id === id)?.eventsPerSecond ?? null;
  const copy = rate('copy');
  const naive = rate('naive');
  return {
    vsCopy: copy && result.id !== 'copy' ? result.eventsPerSecond / copy : null,
    vsNaive: naive && result.id !== 'naive' ? result.eventsPerSecond / naive : null,
  };
}

/** The side-by-side table, with the notes of each scenario under it. */
export function formatTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'events', 'seconds', 'events/s', 'accept p50/p99 ms', 'live p50/p99 ms', 'peak RSS MB', 'vs COPY', 'vs naive'];
  const rows = results.map((result) => {
    const { vsCopy, vsNaive } = ratios(result, results);
    const rss = result.peakRssMb
      ? Object.entries(result.peakRssMb)
          .map(([name, mb]) => `${name} ${mb ?? '?'}`)
          .join(', ')
      : 'n/a';
    return [result.label, int(result.events), result.seconds.toFixed(2), int(result.eventsPerSecond), pair(result.accept), pair(result.live), rss, ratio(vsCopy), ratio(vsNaive)];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const out = [line(header), `|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.map(line)];
  const notes = results.flatMap((result) => result.notes.map((note) => `- ${result.label}: ${note}`));
  return [...out, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

export type TargetCheck = { target: string; reached: string; met: boolean | null };

/** Issue 3's targets against what this run measured (null: the scenario did not run). */
export function checkTargets(results: ScenarioResult[]): TargetCheck[] {
  const http = results.find((r) => r.id === 'pulse-http');
  const steady = results.find((r) => r.id === 'pulse-steady');
  const { vsCopy, vsNaive } = http ? ratios(http, results) : { vsCopy: null, vsNaive: null };
  const check = (target: string, value: number | null | undefined, met: (value: number) => boolean, show: (value: number) => string): TargetCheck =>
    value === null || value === undefined ? { target, reached: 'not measured', met: null } : { target, reached: show(value), met: met(value) };
  return [
    check(`HTTP batches >= ${int(TARGETS.httpEventsPerSecond)} events/s`, http?.eventsPerSecond, (v) => v >= TARGETS.httpEventsPerSecond, (v) => `${int(v)} events/s`),
    check(`HTTP batches >= ${TARGETS.shareOfCopy * 100}% of COPY`, vsCopy, (v) => v >= TARGETS.shareOfCopy, (v) => `${(v * 100).toFixed(0)}%`),
    check(`HTTP batches >= ${TARGETS.timesNaive}x naive`, vsNaive, (v) => v >= TARGETS.timesNaive, (v) => `${v.toFixed(1)}x`),
    check(`p99 acceptance->live < ${TARGETS.steadyLiveP99Ms} ms at 10,000 events/s`, steady?.live?.p99Ms, (v) => v < TARGETS.steadyLiveP99Ms, (v) => `${ms(v)} ms`),
  ];
}

export function formatTargets(checks: TargetCheck[]): string {
  return checks.map((c) => `  ${c.met === null ? '?      ' : c.met ? 'met    ' : 'MISSED '} ${c.target}: ${c.reached}`).join('\n');
}
