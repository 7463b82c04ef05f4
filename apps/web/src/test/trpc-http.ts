import { http, HttpResponse } from 'msw';

export const ORIGIN = 'http://localhost:3000';

const JSON_RPC_CODES = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  NOT_FOUND: -32004,
  TOO_MANY_REQUESTS: -32029,
  INTERNAL_SERVER_ERROR: -32603,
} as const;

const HTTP_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof JSON_RPC_CODES;

/** A procedure's error answer, shaped by the contract's error formatter. */
type Issue = { code: string; path: (string | number)[]; message: string };

export class TrpcFailure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly issues: Issue[] | null;
  constructor(code: ErrorCode, message: string, issues: Issue[] | null = null) {
    this.code = code;
    this.message = message;
    this.issues = issues;
  }
}

export function fail(code: ErrorCode, message: string, issues: TrpcFailure['issues'] = null): TrpcFailure {
  return new TrpcFailure(code, message, issues);
}

export type ProcedureCall = {
  path: string;
  input: unknown;
  /** The `Authorization` header the call carried. */
  authorization: string | null;
};

export type ProcedureResolver = (call: ProcedureCall) => unknown;

/**
 * The tRPC HTTP batch endpoint: `GET /trpc/a,b?batch=1&input={"0":..,"1":..}` for queries,
 * `POST /trpc/a?batch=1` with the same input object as body for mutations; the answer is an
 * array with one `{ result: { data } }` or `{ error }` per procedure.
 */
export function trpcHttp(resolvers: Record<string, ProcedureResolver>, calls: ProcedureCall[] = []) {
  return http.all(`${ORIGIN}/trpc/:procedures`, async ({ request, params }) => {
    const url = new URL(request.url);
    const paths = String(params.procedures).split(',');
    const rawInput = request.method === 'GET' ? url.searchParams.get('input') : await request.text();
    const inputs = (rawInput ? JSON.parse(rawInput) : {}) as Record<string, unknown>;
    const authorization = request.headers.get('authorization');
    const items = await Promise.all(
      paths.map(async (path, index) => {
        const call: ProcedureCall = { path, input: inputs[String(index)], authorization };
        calls.push(call);
        const resolver = resolvers[path];
        const outcome = resolver ? await resolver(call) : fail('NOT_FOUND', `No procedure on path "${path}"`);
        if (outcome instanceof TrpcFailure) {
          return {
            status: HTTP_STATUS[outcome.code],
            body: {
              error: {
                message: outcome.message,
                code: JSON_RPC_CODES[outcome.code],
                data: { code: outcome.code, httpStatus: HTTP_STATUS[outcome.code], path, issues: outcome.issues },
              },
            },
          };
        }
        return { status: 200, body: { result: { data: outcome } } };
      }),
    );
    const statuses = new Set(items.map((item) => item.status));
    const status = statuses.size === 1 ? (items[0]?.status ?? 200) : 207;
    return HttpResponse.json(
      items.map((item) => item.body),
      { status },
    );
  });
}

/** A promise with its resolve outside, to hold an answer back while the test looks. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
