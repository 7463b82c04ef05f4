import type { Dashboard } from '@pulse/api-contract/schemas';
import { Modal } from './Modal.tsx';
import { PublicLinks } from './PublicLinks.tsx';
import { VisibilityForm } from './VisibilityForm.tsx';

type Props = { organizationId: string; dashboard: Dashboard; onClose(): void };

/** Who sees a dashboard: inside Pulse (its visibility) and outside (public read-only links). */
export function ShareDialog({ organizationId, dashboard, onClose }: Props) {
  return (
    <Modal title={`Share “${dashboard.name}”`} onClose={onClose}>
      <VisibilityForm organizationId={organizationId} dashboard={dashboard} />
      <PublicLinks organizationId={organizationId} dashboardId={dashboard.id} />
    </Modal>
  );
}
