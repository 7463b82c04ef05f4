/** A query the rollups cannot answer (yet): the widget shows this, the dashboard's others still answer. */
export class NotRolledUpError extends Error {
  readonly code = 'NOT_SUPPORTED';
}
