import type { WidgetInput, WidgetType } from '@pulse/api-contract/schemas';

type CommonFields = Omit<WidgetInput, 'type' | 'options'>;

/**
 * A widget of `type` with options built for that type. TypeScript cannot pair a type with its
 * options across the union; the contract's parse, which every caller does next, checks the pair.
 */
export function widgetInput(fields: CommonFields, type: WidgetType, options: Record<string, unknown>): WidgetInput {
  return { ...fields, type, options } as WidgetInput;
}
