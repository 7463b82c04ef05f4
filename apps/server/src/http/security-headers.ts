import type { ServerResponse } from 'node:http';

/**
 * The SPA's policy: script only from our own files (the built index.html has no inline script,
 * and the SPA turns off zod's eval probe), stylesheets only from our files, but style
 * *attributes* allowed: ECharts writes its tooltips as markup with style attributes (the browser
 * test hovers a chart to prove it). Images and fonts from ourselves or data:/blob: URLs (chart
 * exports), connections to our own origin (tRPC over HTTP and WebSocket), no plugins, no framing.
 */
const SPA_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data, never a page: nothing may load from them and nobody may frame them. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Headers on every answer, SPA or API; set before any route writes its own. */
export function setSecurityHeaders(res: ServerResponse, kind: 'spa' | 'api'): void {
  res.setHeader('content-security-policy', kind === 'spa' ? SPA_POLICY : API_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  // For browsers that predate frame-ancestors.
  res.setHeader('x-frame-options', 'DENY');
}
