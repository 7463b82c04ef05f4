// MongoDB's duplicate key error (E11000).
const DUPLICATE_KEY = 11000;

/** What the driver's MongoBulkWriteError carries (the `mongodb` package is not a direct dependency). */
type BulkWriteFailure = {
  writeErrors?: { code?: unknown } | { code?: unknown }[];
  result?: { getWriteConcernError?: () => unknown };
};

/**
 * Whether an unordered insertMany failed only because some documents already existed: the
 * others were inserted. The driver reports write errors before write concern errors, so a
 * write concern error is looked up in the result: it means the writes may not be durable.
 */
export function failedOnlyOnDuplicates(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'MongoBulkWriteError') return false;
  const failure = error as BulkWriteFailure;
  const writeErrors = [failure.writeErrors ?? []].flat();
  return writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY) && !failure.result?.getWriteConcernError?.();
}
