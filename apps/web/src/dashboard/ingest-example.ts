/**
 * The curl that sends one event to an organization. The demo seeder gives every organization
 * the ingest key `pk_demo_<slug>`; outside demo mode the reader swaps in their own key.
 */
export function ingestExample(origin: string, organizationSlug: string): string {
  const body = JSON.stringify({ events: [{ type: 'PAGE_VIEW', userId: 'u1', properties: { path: '/' } }] });
  return `curl -X POST ${origin}/api/ingest -H 'Authorization: Bearer pk_demo_${organizationSlug}' -H 'Content-Type: application/json' -d '${body}'`;
}
