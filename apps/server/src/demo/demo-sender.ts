import { errorFields, type Logger } from '../log.ts';

/** POSTs a JSON body with an organization's ingest key, as any other service would; throws unless 2xx. */
export async function postWithKey(url: string, key: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
}

/** Runs `send` every `tickMs`; only the first failure of a streak is logged, so an outage does not flood the log. */
export function everyTick(tickMs: number, send: () => Promise<unknown>, log: Logger, what: string) {
  let failures = 0;
  const timer = setInterval(() => {
    send().then(
      () => (failures = 0),
      (error: unknown) => {
        if (failures++ === 0) log.warn(`${what} could not send`, errorFields(error));
      },
    );
  }, tickMs);
  return { stop: async () => clearInterval(timer) };
}
