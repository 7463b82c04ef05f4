import { SCREEN_LABELS } from './navigation.ts';
import type { Screen } from './navigation.ts';

type Props = { screens: readonly Screen[]; current: Screen; onSelect(screen: Screen): void };

/** The screens this user may open; with only the dashboard there is nothing to choose. */
export function AppNav({ screens, current, onSelect }: Props) {
  if (screens.length < 2) return null;
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {screens.map((screen) => (
          <li key={screen}>
            <a
              href={screen === 'dashboard' ? '#' : `#/${screen}`}
              aria-current={screen === current ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onSelect(screen);
              }}
            >
              {SCREEN_LABELS[screen]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
