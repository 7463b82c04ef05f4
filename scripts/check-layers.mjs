#!/usr/bin/env node
// Imports run one way: from a higher layer to a lower one, never back. The cycle check
// (oxlint import/no-cycle) finds loops; this finds the imports that point up, which are how
// loops start. Run by `npm run lint`; exits 1 and names every import that breaks the rule.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * apps/server/src, lowest first: a module may import its own layer and the layers below it.
 * Each entry is a top-level folder or file of src. The data path reads bottom-up: the batch
 * shape, then persist (activity-store), count (counters), publish (live); the features and the
 * pipeline steps that call them (and the rollups they fold, which widgets read); the transports; the roles that compose everything; the entry.
 */
const SERVER_LAYERS = [
  ['log.ts', 'env.ts', 'redis', 'breakers', 'batch', 'paging', 'export'],
  ['activity-store'],
  ['counters'],
  ['live'],
  ['observability', 'auth', 'audit', 'metrics', 'events', 'engagement', 'admin', 'ingest', 'dashboards', 'privacy', 'limits', 'directory'],
  ['alerts', 'notifications'],
  ['pipeline', 'rollups', 'maintenance', 'demo'],
  ['widgets', 'shares'],
  ['http', 'trpc'],
  ['roles'],
  ['app.ts', 'main.ts', 'setup.ts'],
];

/** Workspace packages, lowest first: the contract knows no database, the database no server. */
const PACKAGE_LAYERS = [['@pulse/api-contract'], ['@pulse/db'], ['@pulse/server']];
const PACKAGE_DIRS = { '@pulse/api-contract': 'packages/api-contract/src', '@pulse/db': 'packages/db/src', '@pulse/server': 'apps/server/src' };

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) yield path;
  }
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    const line = text.slice(0, match.index).split('\n').length + (text[match.index] === '\n' ? 1 : 0);
    found.push({ specifier, line });
  }
  return found;
}

const layerIndex = (layers, name) => layers.findIndex((layer) => layer.includes(name));
const violations = [];

// Within the server: the top-level folder or file of src each side belongs to.
const serverSrc = join(root, 'apps/server/src');
for (const file of sourceFiles(serverSrc)) {
  const from = relative(serverSrc, file).split(sep)[0];
  const fromLayer = layerIndex(SERVER_LAYERS, from);
  if (fromLayer < 0) {
    violations.push(`${relative(root, file)}: apps/server/src/${from} is in no layer; add it to SERVER_LAYERS in scripts/check-layers.mjs`);
    continue;
  }
  for (const { specifier, line } of importsOf(file)) {
    if (!specifier.startsWith('.')) continue;
    const target = relative(serverSrc, resolve(dirname(file), specifier));
    if (target.startsWith('..')) continue;
    const to = target.split(sep)[0];
    const toLayer = layerIndex(SERVER_LAYERS, to);
    if (toLayer > fromLayer) violations.push(`${relative(root, file)}:${line}: ${from} (layer ${fromLayer}) imports ${specifier} from ${to} (layer ${toLayer}), a higher layer`);
  }
}

// Between packages: production code of a lower package never imports a higher one.
for (const [name, dir] of Object.entries(PACKAGE_DIRS)) {
  const fromLayer = layerIndex(PACKAGE_LAYERS, name);
  for (const file of sourceFiles(join(root, dir))) {
    for (const { specifier, line } of importsOf(file)) {
      const target = Object.keys(PACKAGE_DIRS).find((pkg) => specifier === pkg || specifier.startsWith(`${pkg}/`));
      if (target && layerIndex(PACKAGE_LAYERS, target) > fromLayer) violations.push(`${relative(root, file)}:${line}: ${name} imports ${specifier}, a package above it`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Imports that run from a lower layer to a higher one (${violations.length}):\n${violations.map((v) => `  ${v}`).join('\n')}`);
  process.exit(1);
}
console.log('layers: every import runs downward');
