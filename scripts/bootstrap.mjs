#!/usr/bin/env node
// The two commands of the README: `npm start` and `npm test` (and `npm run bench`, `npm run faults`).
// Runs on the Node the machine has (20 or newer), installs what is missing (Node 24 and pnpm
// into .tools/, packages, Chromium for browser tests, promtool for the /metrics test), makes sure Postgres and Redis answer,
// creates the database and applies migrations, then runs. Each step skips what is done, so a
// second run is quick. Plain JavaScript on purpose: it must run before Node 24 exists here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const NODE_MAJOR = 24;
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const mode = process.argv[2] ?? 'start';
const extraArgs = process.argv.slice(3);

const say = (message) => console.log(`[pulse] ${message}`);
function fail(message) {
  console.error(`[pulse] ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function mustRun(command, args, what, options) {
  const status = run(command, args, options);
  if (status !== 0) fail(`${what} failed (exit ${status}).`);
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Node 24 from the npm registry into .tools/, then this script again under it. */
function ensureNode() {
  if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR) return;
  const node = join(tools, 'bin', 'node');
  const version = existsSync(node) ? spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  if (!version.startsWith(`v${NODE_MAJOR}.`)) {
    say(`Node ${process.versions.node} is too old; installing Node ${NODE_MAJOR} and pnpm ${PNPM_VERSION} into .tools/`);
    mkdirSync(tools, { recursive: true });
    mustRun('npm', ['install', '--global', '--prefix', tools, '--no-fund', '--no-audit', `node@${NODE_MAJOR}`, `pnpm@${PNPM_VERSION}`], 'Installing Node');
  }
  const env = { ...process.env, PATH: `${join(tools, 'bin')}:${process.env.PATH}` };
  const child = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(child.status ?? 1);
}

function ensurePnpm() {
  process.env.PATH = `${join(tools, 'bin')}:${process.env.PATH}`;
  const current = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (current.status === 0 && current.stdout.trim() === PNPM_VERSION) return;
  say(`installing pnpm ${PNPM_VERSION} into .tools/`);
  mustRun('npm', ['install', '--global', '--prefix', tools, '--no-fund', '--no-audit', `pnpm@${PNPM_VERSION}`], 'Installing pnpm');
}

/** `pnpm install` with the lockfile, skipped while nothing it reads has changed since last time. */
function ensurePackages() {
  const stamp = join(root, 'node_modules', '.pulse-installed');
  const inputs = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', 'apps/server/package.json', 'apps/web/package.json', 'packages/api-contract/package.json', 'packages/db/package.json', 'bench/package.json', 'e2e/package.json'];
  const newest = Math.max(...inputs.map((file) => statSync(join(root, file)).mtimeMs));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  say('installing packages (pnpm install --frozen-lockfile)');
  mustRun('pnpm', ['install', '--frozen-lockfile'], 'pnpm install');
  writeFileSync(stamp, new Date().toISOString());
}

function reachable(host, port) {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 1500 });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

/**
 * Postgres and Redis must answer. Local servers that are installed but stopped are started
 * (the same commands this machine's images use); anything else stops with what is missing
 * and which setting points elsewhere.
 */
async function ensureService({ name, setting, url, defaultPort, start }) {
  const parsed = new URL(url);
  const host = parsed.hostname;
  const port = Number(parsed.port || defaultPort);
  if (await reachable(host, port)) return;
  if (!isLocal(host)) fail(`${name} does not answer at ${host}:${port}. Start it, or point ${setting} at a running server.`);
  const command = start();
  if (!command) fail(`${name} does not answer at ${host}:${port} and is not installed here. Install it, or set ${setting} to a running server.`);
  say(`starting the local ${name}`);
  run('sh', ['-c', command]);
  if (!(await waitFor(host, port, 20))) fail(`${name} did not come up at ${host}:${port}. Check its log, or set ${setting}.`);
}

function startPostgresCommand() {
  if (!has('pg_ctlcluster') || !existsSync('/etc/postgresql')) return null;
  const version = spawnSync('sh', ['-c', 'ls /etc/postgresql | sort -n | tail -1'], { encoding: 'utf8' }).stdout.trim();
  return version ? `pg_ctlcluster --skip-systemctl-redirect ${version} main start` : null;
}

function startRedisCommand(port) {
  if (!has('redis-server')) return null;
  return `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${port} --save "" --appendonly no --dir /tmp --logfile /tmp/pulse-redis.log`;
}

/** Browser tests drive Debian's Chromium; install it when this is a Debian machine with root. */
function ensureChromium() {
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return;
  if (!has('apt-get') || process.getuid?.() !== 0) {
    fail('Chromium is needed for the browser tests: install it (apt-get install chromium) or set CHROMIUM_PATH.');
  }
  say('installing Chromium for the browser tests (apt-get install chromium)');
  mustRun('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'], 'Installing Chromium');
}

/**
 * The /metrics test runs the real promtool from Debian's prometheus package. Only the binary is
 * taken (unpacked into .tools/bin): installing the package would also start a Prometheus server.
 */
function ensurePromtool() {
  if (existsSync(process.env.PROMTOOL_PATH ?? '/usr/bin/promtool')) return;
  const local = join(tools, 'bin', 'promtool');
  if (!existsSync(local)) {
    if (!has('apt-get') || !has('dpkg-deb')) fail('promtool is needed for the /metrics test: install Debian\'s prometheus package or set PROMTOOL_PATH.');
    say('fetching promtool (Debian package prometheus) into .tools/bin');
    const dir = mkdtempSync(join(tmpdir(), 'pulse-promtool-'));
    const fetch = 'apt-get download prometheus >/dev/null 2>&1 || (apt-get update -qq && apt-get download prometheus >/dev/null)';
    mustRun('sh', ['-c', `cd "${dir}" && (${fetch}) && dpkg-deb -x prometheus_*.deb x && mkdir -p "${join(tools, 'bin')}" && cp x/usr/bin/promtool "${local}"`], 'Fetching promtool');
    rmSync(dir, { recursive: true, force: true });
  }
  process.env.PROMTOOL_PATH = local;
}

/** Hands the terminal to a long-running child and passes Ctrl-C / SIGTERM on to it. */
function runForeground(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

ensureNode();
// Settings from a local .env (see .env.example); the real environment wins.
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
ensurePnpm();
ensurePackages();

if (mode === 'faults') {
  // The fault scenarios bring their own Redis (AOF) and Postgres on free ports: the shared
  // servers are not needed, only the binaries (redis-server; initdb and pg_ctl).
  if (!has('redis-server')) fail('The fault run needs redis-server: install Redis (apt-get install redis-server).');
  process.exit(run('node', ['apps/server/test/faults/run.ts', ...extraArgs]));
}

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pulse';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
await ensureService({ name: 'PostgreSQL', setting: 'DATABASE_URL', url: databaseUrl, defaultPort: 5432, start: startPostgresCommand });
await ensureService({
  name: 'Redis',
  setting: 'REDIS_URL',
  url: redisUrl,
  defaultPort: 6379,
  start: () => startRedisCommand(Number(new URL(redisUrl).port || 6379)),
});

if (mode === 'start') {
  mustRun('node', ['apps/server/src/setup.ts'], 'Database setup');
  // turbo replays the build from its cache when the web sources did not change.
  mustRun('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@pulse/web', '--output-logs=errors-only'], 'Building the web app');
  say('starting Pulse on http://localhost:' + (process.env.PORT ?? '3000'));
  runForeground('node', ['apps/server/src/main.ts']);
} else if (mode === 'test') {
  ensureChromium();
  ensurePromtool();
  mustRun('pnpm', ['run', 'lint'], 'Lint, circular-import and layer check');
  mustRun('pnpm', ['exec', 'turbo', 'run', 'typecheck', 'build', '--output-logs=errors-only'], 'Type check and build');
  // Three test files at once: most wait on Postgres, Redis, child processes and Chromium, not on
  // the CPU, and each has its own database, Redis prefix and ports. On 2 cores one at a time
  // (what Vitest chose here) took 442 s, three take 265 s, four 256 s (CPU-bound by then). Given
  // on the command line: this Vitest did not apply `maxWorkers` from the root config's projects run.
  mustRun('pnpm', ['exec', 'vitest', 'run', '--maxWorkers=3', ...extraArgs], 'Tests');
} else if (mode === 'bench') {
  mustRun('node', ['apps/server/src/setup.ts'], 'Database setup');
  runForeground('node', ['bench/run.ts', ...extraArgs]);
} else {
  fail(`unknown mode "${mode}": use start, test, bench or faults`);
}
