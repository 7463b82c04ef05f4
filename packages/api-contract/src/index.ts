// The whole contract for other TypeScript services: schemas, the router type and the client.
export * from './schemas/index.ts';
export type { AppRouter } from './router/index.ts';
export { createPulseClient, DEFAULT_SEND_RETRY, reconnectDelayMs } from './client/index.ts';
export type { PulseClient, PulseClientOptions, RetryOptions } from './client/index.ts';
