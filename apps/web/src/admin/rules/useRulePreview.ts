import { keepPreviousData, skipToken } from '@tanstack/react-query';
import type { RulePreview, RulePreviewInput } from '@pulse/api-contract/schemas';
import { describeError } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { useSettled } from '../../ui/useSettled.ts';

/**
 * The preview follows metric samples as they arrive, and no live stream carries a draft
 * rule's value (it is computed for a rule that does not exist yet): the query cache
 * refetches it this often while the form is open.
 */
export const PREVIEW_REFRESH_MS = 5000;
/** A short pause first: typing a threshold should not send one query per key. */
const SETTLE_MS = 300;

export type PreviewState = { status: 'idle' } | { status: 'ready'; preview: RulePreview } | { status: 'error'; message: string };

/** `alerts.rules.preview` for the draft while the form is open: shortly after the draft changes, then every few seconds. */
export function useRulePreview(input: RulePreviewInput | null): PreviewState {
  const draft = useSettled(input, SETTLE_MS);
  const query = trpc.alerts.rules.preview.useQuery(draft ?? skipToken, {
    refetchInterval: PREVIEW_REFRESH_MS,
    // The last answer stays while the next draft's is fetched: no flicker on every key.
    placeholderData: keepPreviousData,
  });
  if (draft === null) return { status: 'idle' };
  if (query.error) return { status: 'error', message: describeError(query.error) };
  if (query.data) return { status: 'ready', preview: query.data };
  return { status: 'idle' };
}
