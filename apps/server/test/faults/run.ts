// `npm run faults`: the full fault run (scenarios.ts), a summary per scenario and a total.
// `--quick` runs the short version; `--keep` leaves the temporary directory with the logs.
import { startFaultEnvironment } from './fault-environment.ts';
import { runScenario, summarize } from './scenario.ts';
import { FULL_SCENARIOS, SHORT_SCENARIOS } from './scenarios.ts';

const quick = process.argv.includes('--quick');
const keepFiles = process.argv.includes('--keep');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const scenarios = (quick ? SHORT_SCENARIOS : FULL_SCENARIOS).filter((scenario) => !only || scenario.name === only);

const started = Date.now();
const env = await startFaultEnvironment();
const stopOnSignal = () => void env.stop({ keepFiles }).finally(() => process.exit(130));
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);
console.log(`[faults] private Redis ${env.redis.url} (AOF, fsync always), private Postgres ${env.postgres.adminUrl}${keepFiles ? `, files in ${env.root}` : ''}`);

let failed = 0;
try {
  for (const scenario of scenarios) {
    console.log(`[faults] ${scenario.name}: ${scenario.events} events, ${scenario.faults.length} fault(s)`);
    try {
      const result = await runScenario(env, scenario);
      if (!result.ok) failed++;
      console.log(summarize(result));
    } catch (error) {
      failed++;
      console.log(`FAIL ${scenario.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  await env.stop({ keepFiles });
}
console.log(`[faults] ${scenarios.length - failed} of ${scenarios.length} scenario(s) passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed === 0 ? 0 : 1);
