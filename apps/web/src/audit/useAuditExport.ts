import { useMutation } from '@tanstack/react-query';
import { trpc } from '../api/trpc.ts';
import { downloadText } from '../ui/download.ts';
import { auditInput } from './audit-filter.ts';
import type { AuditSearch } from './audit-filter.ts';

/**
 * "Export CSV": `audit.export` with the filters on screen, saved as the file the server names.
 * A query on the server, but an action here: it runs when asked, and is itself audited.
 */
export function useAuditExport(organizationId: string, search: AuditSearch) {
  const utils = trpc.useUtils();
  return useMutation({
    mutationFn: async () => {
      const exported = await utils.client.audit.export.query(auditInput(organizationId, search, Date.now()));
      downloadText(exported.filename, exported.csv, 'text/csv;charset=utf-8');
      return exported;
    },
  });
}
