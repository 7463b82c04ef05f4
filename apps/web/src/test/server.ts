import { setupServer } from 'msw/node';

/** The network of the tests: tRPC over HTTP and WebSocket, as msw handlers. */
export const server = setupServer();
