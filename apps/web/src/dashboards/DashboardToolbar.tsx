import type { Dashboard } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { DashboardActions } from '../sharing/DashboardActions.tsx';
import styles from './DashboardScreen.module.css';

type Props = {
  organizationId: string;
  dashboard: Dashboard;
  onOpen(dashboardId: string): void;
  /** Edit mode, offered when the caller may edit this dashboard and is not editing it already. */
  onEdit?: () => void;
  /** The version history, for everyone who sees the dashboard (restoring is for who may edit it). */
  onHistory(): void;
};

/**
 * The dashboard's name, a switcher over the dashboards this user may see (`dashboards.list`)
 * and "Set as my home" (`dashboards.setHome`) when the one on screen is not their home yet.
 */
export function DashboardToolbar({ organizationId, dashboard, onOpen, onEdit, onHistory }: Props) {
  const utils = trpc.useUtils();
  const list = trpc.dashboards.list.useQuery({ organizationId });
  const setHome = trpc.dashboards.setHome.useMutation({
    onSuccess: (home) => {
      utils.dashboards.home.setData({ organizationId }, home);
      void utils.dashboards.list.invalidate({ organizationId });
    },
  });
  const items = list.data?.items ?? [];
  // Until the list answers (or if it fails) the switcher still names the dashboard on screen.
  const choices = items.some((item) => item.id === dashboard.id) ? items : [{ id: dashboard.id, name: dashboard.name, isHome: false }, ...items];
  const isHome = items.find((item) => item.id === dashboard.id)?.isHome ?? false;
  return (
    <div className={styles.toolbar}>
      <h2 className={styles.name}>{dashboard.name}</h2>
      <label className={styles.switcher}>
        <span>Dashboard</span>
        <select value={dashboard.id} onChange={(event) => onOpen(event.target.value)}>
          {choices.map((item) => (
            <option key={item.id} value={item.id}>
              {item.isHome ? `${item.name} (home)` : item.name}
            </option>
          ))}
        </select>
      </label>
      {isHome ? (
        <span className="muted small">Your home dashboard</span>
      ) : (
        list.data && (
          <button type="button" className="button" disabled={setHome.isPending} onClick={() => setHome.mutate({ organizationId, id: dashboard.id })}>
            Set as my home
          </button>
        )
      )}
      <button type="button" className="button" aria-haspopup="dialog" onClick={onHistory}>
        History
      </button>
      <DashboardActions organizationId={organizationId} dashboard={dashboard} onOpen={onOpen} />
      {onEdit && dashboard.canEdit && (
        <button type="button" className="button button-primary" onClick={onEdit}>
          Edit
        </button>
      )}
      {setHome.error && (
        <p role="alert" className="form-error">
          Could not set your home dashboard: {describeError(setHome.error)}
        </p>
      )}
    </div>
  );
}
