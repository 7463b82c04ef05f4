/**
 * tRPC over plain HTTP as a browser or an attacker sends it (no typed client in between), so
 * tests see the status, the error body and the batching exactly as they go over the wire.
 */
export type TrpcAnswer = {
  status: number;
  /** The procedure's result, or undefined when it failed. */
  data: unknown;
  error: { message: string; code: string; retryAfterSeconds: number | null } | null;
};

type CallOptions = { token?: string; address?: string };

function headersOf({ token, address }: CallOptions): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    // Read by the server only when TRUST_PROXY says a proxy stands in front of it.
    ...(address ? { 'x-forwarded-for': address } : {}),
  };
}

type Envelope = { result?: { data: unknown }; error?: { message: string; data: { code: string; httpStatus: number; retryAfterSeconds?: number | null } } };

function answerOf(status: number, envelope: Envelope): TrpcAnswer {
  return {
    status,
    data: envelope.result?.data,
    error: envelope.error ? { message: envelope.error.message, code: envelope.error.data.code, retryAfterSeconds: envelope.error.data.retryAfterSeconds ?? null } : null,
  };
}

export async function trpcMutation(url: string, path: string, input: unknown, options: CallOptions = {}): Promise<TrpcAnswer> {
  const response = await fetch(`${url}/trpc/${path}`, { method: 'POST', headers: headersOf(options), body: JSON.stringify(input) });
  return answerOf(response.status, (await response.json()) as Envelope);
}

export async function trpcQuery(url: string, path: string, input: unknown, options: CallOptions = {}): Promise<TrpcAnswer> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${url}/trpc/${path}${query}`, { headers: headersOf(options) });
  return answerOf(response.status, (await response.json()) as Envelope);
}

/** One HTTP request carrying several calls of one mutation (tRPC's batch format). */
export async function trpcMutationBatch(url: string, path: string, inputs: unknown[], options: CallOptions = {}): Promise<TrpcAnswer[]> {
  const body = Object.fromEntries(inputs.map((input, index) => [String(index), input]));
  const response = await fetch(`${url}/trpc/${inputs.map(() => path).join(',')}?batch=1`, { method: 'POST', headers: headersOf(options), body: JSON.stringify(body) });
  const envelopes = (await response.json()) as Envelope[];
  return envelopes.map((envelope) => answerOf(envelope.error?.data.httpStatus ?? 200, envelope));
}
