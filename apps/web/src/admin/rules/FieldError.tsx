import type { FieldIssues } from './rule-draft.ts';

/** The issues of one field, under it; `id` is what the input's aria-describedby names. */
export function FieldError({ issues, field, id }: { issues: FieldIssues; field: string; id: string }) {
  const messages = issues[field];
  if (!messages || messages.length === 0) return null;
  return (
    <span className="field-error" id={id}>
      {messages.join('; ')}
    </span>
  );
}
