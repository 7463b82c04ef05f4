// Everything the test kit takes from the server's source, in one place: when the server's
// modules move, this is the file to update (the kit's other files import only from here).
import { fileURLToPath } from 'node:url';

export { startPulse, type RunningPulse } from '../src/app.ts';
export { createTokenIssuer } from '../src/auth/tokens.ts';
export { loadSettings, type Settings } from '../src/env.ts';
export { createLogger } from '../src/log.ts';
export { PIPELINE_QUEUES } from '../src/pipeline/pipeline-queues.ts';
export { createContextInner } from '../src/trpc/context.ts';

/** The server's entry point as an operator starts it (`node src/main.ts`, role from PULSE_ROLE). */
export const MAIN_SCRIPT = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/** The database setup `npm start` runs first: migrations, partitions, demo data when asked. */
export const SETUP_SCRIPT = fileURLToPath(new URL('../src/setup.ts', import.meta.url));
/** What a process prints once it serves (api) or works its queues (worker). */
export const READY_LINES = { api: /"message":"api listening"/, worker: /"message":"worker started"/ } as const;
