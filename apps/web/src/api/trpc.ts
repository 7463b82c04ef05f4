import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '@pulse/api-contract/router';

/**
 * The SPA's one tRPC binding: typed hooks over TanStack Query (`trpc.x.useQuery`,
 * `useMutation`, `useSubscription`, `trpc.useUtils()` for the cache). The router is a type
 * only: no server code reaches the bundle.
 */
export const trpc = createTRPCReact<AppRouter>();
