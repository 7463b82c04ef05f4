import { DashboardDocument } from '@pulse/api-contract/schemas';
import type { DashboardDocumentInput } from '@pulse/api-contract/schemas';

/** A file read for import: the document, or what is wrong with it in words (one line per problem). */
export type ReadDocument = { ok: true; document: DashboardDocumentInput } | { ok: false; issues: string[] };

/**
 * Checks an import file with the contract's own schema before anything is sent, so its problems
 * are listed by field (the server checks the same schema again).
 */
export function readDashboardFile(text: string): ReadDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, issues: ['The file is not JSON: export a dashboard from Pulse to get a file it reads.'] };
  }
  const parsed = DashboardDocument.safeParse(json);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)) };
  }
  // The file as written (defaults filled in by the server, which parses it again).
  return { ok: true, document: json as DashboardDocumentInput };
}
