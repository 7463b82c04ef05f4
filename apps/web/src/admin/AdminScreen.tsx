import type { OrganizationSummary } from '@pulse/api-contract/schemas';
import type { Screen } from '../nav/navigation.ts';
import { AlertsScreen } from './alerts/AlertsScreen.tsx';
import { RulesScreen } from './rules/RulesScreen.tsx';
import { SilencesScreen } from './silences/SilencesScreen.tsx';

/** The administration screens of one organization (the navigation shows them to ADMIN and SUPERADMIN only). */
export function AdminScreen({ screen, organization }: { screen: Exclude<Screen, 'dashboard'>; organization: OrganizationSummary }) {
  switch (screen) {
    case 'alerts':
      return <AlertsScreen organizationId={organization.id} />;
    case 'rules':
      return <RulesScreen organizationId={organization.id} />;
    case 'silences':
      return <SilencesScreen organizationId={organization.id} />;
  }
}
