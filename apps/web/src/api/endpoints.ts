/**
 * The API lives on the origin that served the page: in production the server serves this
 * bundle, in development Vite proxies `/trpc` (HTTP and WebSocket) to it.
 */
export function trpcHttpUrl(base: string = window.location.href): string {
  return new URL('/trpc', base).toString();
}

export function trpcWsUrl(base: string = window.location.href): string {
  const url = new URL('/trpc', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
