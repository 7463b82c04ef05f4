import type { ActivityEventView, DashboardSummary } from '@pulse/api-contract/schemas';
import { latestSummary } from '../live/counters.ts';
import { mergeEvents } from '../live/feed.ts';

export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

export type DashboardState = {
  summary: DashboardSummary | null;
  /** Newest first, at most 50, unique ids. */
  events: readonly ActivityEventView[];
  load: LoadState;
  liveError: string | null;
};

export type DashboardAction =
  | { type: 'load-started' }
  | { type: 'loaded'; summary: DashboardSummary; events: readonly ActivityEventView[] }
  | { type: 'load-failed'; message: string }
  | { type: 'counters'; summary: DashboardSummary }
  | { type: 'activity'; events: readonly ActivityEventView[] }
  | { type: 'live-error'; message: string | null };

export const initialDashboardState: DashboardState = {
  summary: null,
  events: [],
  load: { status: 'loading' },
  liveError: null,
};

/**
 * The initial queries and the live streams start together, so either may arrive first:
 * events are merged (deduplicated by id), summaries keep the latest `generatedAt`.
 */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'load-started':
      return state.load.status === 'loading' ? state : { ...state, load: { status: 'loading' } };
    case 'loaded':
      return {
        ...state,
        summary: latestSummary(state.summary, action.summary),
        events: mergeEvents(state.events, action.events),
        load: { status: 'ready' },
      };
    case 'load-failed':
      return { ...state, load: { status: 'error', message: action.message } };
    case 'counters': {
      const summary = latestSummary(state.summary, action.summary);
      return summary === state.summary ? state : { ...state, summary };
    }
    case 'activity': {
      const events = mergeEvents(state.events, action.events);
      return events === state.events ? state : { ...state, events };
    }
    case 'live-error':
      return state.liveError === action.message ? state : { ...state, liveError: action.message };
  }
}
