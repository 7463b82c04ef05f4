import { describeError } from '../api/errors.ts';

/** What an infinite query says about its next page. */
type Pager = { hasNextPage: boolean; isFetchingNextPage: boolean; isFetchNextPageError: boolean; error: unknown; fetchNextPage(): unknown };

type Props = {
  pager: Pager;
  /** The button, e.g. "Load older alerts". */
  label: string;
  /** What could not load, e.g. "Older alerts". */
  what: string;
  className?: string;
};

/** The next page of a list on request, and why it did not come if it did not (the pages shown stay). */
export function LoadMore({ pager, label, what, className = 'button' }: Props) {
  return (
    <>
      {pager.hasNextPage && (
        <button type="button" className={className} disabled={pager.isFetchingNextPage} onClick={() => void pager.fetchNextPage()}>
          {label}
        </button>
      )}
      {pager.isFetchNextPageError && (
        <p className="form-error" role="alert">
          {what} could not load: {describeError(pager.error)}
        </p>
      )}
    </>
  );
}
