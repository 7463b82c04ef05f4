import type { TestProject } from 'vitest/node';
import { prepareTemplateDatabase } from './testing.ts';

/**
 * One migrated, demo-seeded template database per Vitest project and run, under a random
 * name, so parallel runs (two checkouts, CI beside a developer) never share or drop each
 * other's template. Test files copy it with createTestDatabase().
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await prepareTemplateDatabase();
  project.provide('pulseTemplateDatabase', template.name);
  return template.drop;
}
