import { startPulse } from './app.ts';
import { loadSettings } from './env.ts';
import { createLogger, errorFields } from './log.ts';

const settings = loadSettings();
const log = createLogger(settings.LOG_LEVEL, { role: settings.PULSE_ROLE, pid: process.pid });

try {
  const pulse = await startPulse(settings, log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await pulse.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  log.error('could not start', errorFields(error));
  process.exit(1);
}
