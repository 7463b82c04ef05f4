// The whole contract for other TypeScript services: schemas, the router type and the client.
export * from './schemas/index.ts';
export type { AppRouter } from './router/index.ts';
export { createPulseClient, reconnectDelayMs } from './client/index.ts';
export type { PulseClient, PulseClientOptions } from './client/index.ts';
