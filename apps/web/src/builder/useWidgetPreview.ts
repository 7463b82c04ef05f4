import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Widget, WidgetResult } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { useSettled } from '../ui/useSettled.ts';

/** A short pause first: typing a title or a threshold should not send one query per key. */
const SETTLE_MS = 300;
/** No live stream carries an unsaved widget's numbers: the preview asks again this often while open. */
export const PREVIEW_REFRESH_MS = 10_000;

export type WidgetPreview = {
  /** The widget the result belongs to: the edited one, or the last one answered while the next query loads. */
  widget: Widget;
  result: WidgetResult | undefined;
  loading: boolean;
  error: string | null;
};

const sameQuery = (a: Widget, b: Widget) => JSON.stringify(a.query) === JSON.stringify(b.query);

/**
 * `widgets.preview` of the edited widget (always a valid one: the editor passes the last valid
 * edit), shortly after it stops changing. The last answer stays while the next one loads, with
 * the widget it answered, so the preview never blanks and never draws numbers with a type that
 * cannot show them.
 */
export function useWidgetPreview(organizationId: string, widget: Widget): WidgetPreview {
  const settled = useSettled(widget, SETTLE_MS);
  const query = trpc.widgets.preview.useQuery(
    { organizationId, query: settled.query },
    { placeholderData: keepPreviousData, refetchInterval: PREVIEW_REFRESH_MS },
  );
  const [answered, setAnswered] = useState(settled);
  const fresh = query.data !== undefined && !query.isPlaceholderData;
  useEffect(() => {
    if (fresh) setAnswered(settled);
  }, [fresh, settled]);
  return {
    // Title, options or a type drawing the same query need no new numbers: shown at once.
    widget: sameQuery(widget, answered) ? widget : answered,
    result: query.data,
    loading: query.isFetching || !sameQuery(widget, settled),
    error: query.error ? describeError(query.error) : null,
  };
}
