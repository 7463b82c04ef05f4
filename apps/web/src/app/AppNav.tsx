import { NavLink, useSearchParams } from 'react-router';
import { SCREEN_LABELS, SCREEN_PATHS } from './navigation.ts';
import type { Screen } from './navigation.ts';

/** The screens this user may open; with only the dashboard there is nothing to choose. */
export function AppNav({ screens }: { screens: readonly Screen[] }) {
  const [params] = useSearchParams();
  // The organization on screen stays when moving between screens; each screen's own filters do not.
  const org = params.get('org');
  if (screens.length < 2) return null;
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {screens.map((screen) => (
          <li key={screen}>
            {/* The router marks the current one with aria-current="page". */}
            <NavLink to={{ pathname: SCREEN_PATHS[screen], search: org ? `?org=${encodeURIComponent(org)}` : '' }} end>
              {SCREEN_LABELS[screen]}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
