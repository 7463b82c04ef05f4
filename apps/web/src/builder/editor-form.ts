import { get } from 'react-hook-form';
import type { FieldErrors, UseFormReturn } from 'react-hook-form';
import type { Widget } from '@pulse/api-contract/schemas';
import type { WidgetDraft } from './widget-draft.ts';

/** The editor's form: the draft as typed, read as the contract's `Widget`. */
export type EditorForm = UseFormReturn<WidgetDraft, unknown, Widget>;

/** What a section of the editor gets: the form, its current values and its issues. */
export type SectionProps = { form: EditorForm; draft: WidgetDraft; issues: Issues };

export type Issues = {
  /** The first issue at `path` or under it (a list's item, a record's entry). */
  at(path: string): string | undefined;
  /** The issue about `path` itself only (the query as a whole, a list as a whole). */
  own(path: string): string | undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function firstMessage(node: unknown): string | undefined {
  if (!isRecord(node)) return undefined;
  if (typeof node.message === 'string' && node.message !== '') return node.message;
  for (const [key, child] of Object.entries(node)) {
    // A field's element, not an issue.
    if (key === 'ref') continue;
    const message = firstMessage(child);
    if (message) return message;
  }
  return undefined;
}

/**
 * Issues by the contract's paths. The draft has the contract's shape, but a few of its fields
 * are text where the contract has a list (custom event types, a filter's values): an issue
 * about one item of such a list is shown beside the text it came from.
 */
export function issuesOf(errors: FieldErrors<WidgetDraft>): Issues {
  return {
    at: (path) => firstMessage(get(errors, path)),
    own: (path) => {
      const node: unknown = get(errors, path);
      if (!isRecord(node)) return undefined;
      const root = node.root;
      const message = isRecord(root) ? root.message : node.message;
      return typeof message === 'string' && message !== '' ? message : undefined;
    },
  };
}
