import { useState } from 'react';
import type { FormEvent } from 'react';
import { ORG_ROLES } from '@pulse/api-contract/schemas';
import type { Dashboard, DashboardVisibility, OrgRole } from '@pulse/api-contract/schemas';
import { describeError, errorCode } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { SelectField } from '../ui/SelectField.tsx';
import { useStoreDashboard } from './useStoreDashboard.ts';
import styles from './ShareDialog.module.css';

const VISIBILITY_CHOICES: { value: DashboardVisibility; label: string }[] = [
  { value: 'private', label: 'Only me (private)' },
  { value: 'organization', label: 'Everyone in the organization' },
  { value: 'role', label: 'Everyone with a role' },
];

const ROLE_LABELS: Record<OrgRole, string> = { OWNER: 'Owners', LEADER: 'Leaders', MANAGER: 'Managers' };

/** Who sees it after a save, in words. */
function seenBy(visibility: DashboardVisibility, role: OrgRole | null): string {
  if (visibility === 'private') return 'Only you see this dashboard.';
  if (visibility === 'organization') return 'Everyone in the organization sees this dashboard.';
  return `${ROLE_LABELS[role ?? 'MANAGER']}, the owner and the administrators see this dashboard.`;
}

type Props = { organizationId: string; dashboard: Dashboard };

/**
 * Who sees the dashboard inside Pulse, saved with `dashboards.update` from the version on
 * screen: if someone saved since, the server answers CONFLICT and nothing changes; the dialog
 * says so and offers to reload. The choice stays through the reload, to be saved again from the
 * version the reload brought.
 */
export function VisibilityForm({ organizationId, dashboard }: Props) {
  const utils = trpc.useUtils();
  const store = useStoreDashboard(organizationId);
  const [visibility, setVisibility] = useState<DashboardVisibility>(dashboard.visibility);
  const [role, setRole] = useState<OrgRole>(dashboard.role ?? 'MANAGER');
  const update = trpc.dashboards.update.useMutation({ onSuccess: store });
  const changed = visibility !== dashboard.visibility || (visibility === 'role' && role !== dashboard.role);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ organizationId, id: dashboard.id, expectedVersion: dashboard.version, visibility, role: visibility === 'role' ? role : null });
  }

  function reload() {
    void utils.dashboards.get.invalidate({ organizationId, id: dashboard.id });
    void utils.dashboards.home.invalidate({ organizationId });
    update.reset();
  }

  const conflict = errorCode(update.error) === 'CONFLICT';
  return (
    <form className={styles.section} onSubmit={onSubmit}>
      <h3>In Pulse</h3>
      <div className={styles.row}>
        <SelectField<DashboardVisibility> label="Who sees it" value={visibility} choices={VISIBILITY_CHOICES} onChange={setVisibility} />
        {visibility === 'role' && <SelectField<OrgRole> label="Role" value={role} choices={ORG_ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))} onChange={setRole} />}
        <button type="submit" className="button" disabled={!changed || update.isPending}>
          {update.isPending ? 'Saving…' : 'Save visibility'}
        </button>
      </div>
      {update.isSuccess && !changed && (
        <p role="status" className="muted small">
          Saved. {seenBy(dashboard.visibility, dashboard.role)}
        </p>
      )}
      {conflict && (
        <div role="alert" className="notice">
          <p>Someone saved this dashboard since you opened it, so your change was not saved. Reload to get the current version, then save again.</p>
          <button type="button" className="button button-quiet" onClick={reload}>
            Reload the dashboard
          </button>
        </div>
      )}
      {update.error && !conflict && (
        <p role="alert" className="form-error">
          Could not save who sees it: {describeError(update.error)}
        </p>
      )}
    </form>
  );
}
