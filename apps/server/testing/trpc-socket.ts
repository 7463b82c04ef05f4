import { once } from 'node:events';
import { WebSocket } from 'ws';

export type TrpcAnswer = { id: number | null; result?: { type: string; data?: unknown }; error?: { message: string; data?: { code?: string } } };

/**
 * A bare tRPC WebSocket client speaking the wire protocol, so a test can do what a careless or
 * hostile client does (thousands of calls, oversized batches, floods) and see each answer.
 */
export async function openTrpcSocket(baseUrl: string, token: string | null, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/trpc?connectionParams=1`, { headers });
  const answers: TrpcAnswer[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on('message', (data) => {
    const text = data.toString();
    if (text === 'PING' || text === 'PONG') return;
    const parsed = JSON.parse(text) as TrpcAnswer | TrpcAnswer[];
    answers.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  });
  socket.on('error', () => {});
  await Promise.race([once(socket, 'open'), closed]);
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ method: 'connectionParams', data: { token: token ?? '' } }));
  let nextId = 1;
  const call = (method: 'query' | 'subscription', path: string, input: unknown = {}) => ({ id: nextId++, jsonrpc: '2.0', method, params: { path, input } });
  return {
    socket,
    answers,
    closed,
    /** Sends one message (one call, or a batch when given several). */
    send(...calls: ReturnType<typeof call>[]) {
      socket.send(JSON.stringify(calls.length === 1 ? calls[0] : calls));
      return calls.map((c) => c.id);
    },
    call,
    answersOf: (id: number) => answers.filter((answer) => answer.id === id),
    close() {
      socket.close();
      return closed;
    },
  };
}
