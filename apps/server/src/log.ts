/**
 * One-line JSON logs. Callers pass facts, never secrets: tokens, keys and passwords are not
 * logged anywhere in Pulse.
 */
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;
export type Logger = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void>;

export function createLogger(minLevel: LogLevel, base: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (levels[level] < levels[minLevel]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}
