type JsonAnswer = { status: number; body: Record<string, unknown> };

/** POSTs a JSON body (a string is sent as it is) with an ingest key, as a plain HTTP client would. */
async function postJson(url: string, key: string | null, body: unknown): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POST /api/ingest as a plain HTTP client would. */
export const postIngest = (url: string, key: string | null, body: unknown) => postJson(`${url}/api/ingest`, key, body);

/** POST /api/metrics as a plain HTTP client would. */
export const postMetrics = (url: string, key: string | null, body: unknown) => postJson(`${url}/api/metrics`, key, body);

/** A valid PAGE_VIEW with its own id and timestamp, as a well-behaved sender builds it. */
export function pageView(userId: string, extra: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID() as string, type: 'PAGE_VIEW' as const, userId, occurredAt: new Date().toISOString(), properties: { path: '/dashboard' }, ...extra };
}
