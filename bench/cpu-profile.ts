// Summarises V8 CPU profiles (`--cpu-prof`, written by `node bench/run.ts --cpu-prof`):
// the functions with the most self time, and self time per package.
// usage: node bench/cpu-profile.ts <file.cpuprofile>... [--top N]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = pathToFileURL(fileURLToPath(new URL('..', import.meta.url))).href;

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** Where a function lives: a package name, node's own code, or a file of this repository. */
function origin(url: string): string {
  if (!url) return '(v8 / native)';
  if (url.startsWith('node:')) return 'node (built-in)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  if (url.startsWith(REPO_ROOT)) return url.slice(REPO_ROOT.length).split('/').slice(0, 2).join('/');
  return url;
}

export function summariseProfile(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let idle = 0;
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const where = frame.url ? `${basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where} [${origin(frame.url)}]`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
    packages.set(origin(frame.url), (packages.get(origin(frame.url)) ?? 0) + micros);
  }
  const busy = total - idle;
  const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%`;
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `${basename(file)}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s on CPU (${((busy / total) * 100).toFixed(0)}%)`,
    '  self time by function (share of CPU time):',
    ...sorted(functions).map(([name, micros]) => `   ${pct(micros)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`),
    '  self time by package:',
    ...sorted(packages).map(([name, micros]) => `   ${pct(micros)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`),
  ].join('\n');
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
  if (positionals.length === 0) {
    console.error('usage: node bench/cpu-profile.ts <file.cpuprofile>... [--top N]');
    process.exit(2);
  }
  for (const file of positionals) console.log(`${summariseProfile(file, Number(values.top))}\n`);
}
