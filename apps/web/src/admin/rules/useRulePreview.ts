import { useEffect, useState } from 'react';
import type { RulePreview, RulePreviewInput } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { useSessionApi } from '../../api/useSessionApi.ts';
import { useSessionStore } from '../../auth/useSession.ts';

export const PREVIEW_REFRESH_MS = 5000;

export type PreviewState = { status: 'idle' } | { status: 'ready'; preview: RulePreview } | { status: 'error'; message: string };

/**
 * `alerts.rules.preview` for the draft while the form is open: shortly after the draft
 * changes, then every few seconds, so the value moves as samples arrive.
 */
export function useRulePreview(input: RulePreviewInput | null): PreviewState {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const key = input ? JSON.stringify(input) : null;

  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const draft = JSON.parse(key) as RulePreviewInput;
    let cancelled = false;
    const run = () => {
      session.withAuth(() => trpc.alerts.rules.preview.query(draft)).then(
        (preview) => {
          if (!cancelled) setState({ status: 'ready', preview });
        },
        (error: unknown) => {
          if (!cancelled) setState({ status: 'error', message: describeError(error) });
        },
      );
    };
    // A short pause first: typing a threshold should not send one query per key.
    const first = setTimeout(run, 300);
    const timer = setInterval(run, PREVIEW_REFRESH_MS);
    return () => {
      cancelled = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [trpc, session, key]);
  return state;
}
