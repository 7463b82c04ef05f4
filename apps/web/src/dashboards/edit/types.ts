import type { ReactNode } from 'react';
import type { Widget, WidgetResult } from '@pulse/api-contract/schemas';

/**
 * What edit mode hands the widget editor it shows beside the grid (the builder's
 * `WidgetEditor` takes exactly these): the widget being configured, every valid edit back, and
 * a way to draw its preview as the dashboard draws widgets.
 */
export type WidgetEditorSlotProps = {
  organizationId: string;
  widget: Widget;
  onChange: (widget: Widget) => void;
  onClose: () => void;
  renderPreview: (widget: Widget, result: WidgetResult | undefined, loading: boolean) => ReactNode;
};

export type RenderWidgetEditor = (props: WidgetEditorSlotProps) => ReactNode;

/** What a cell of the arranging grid needs to draw its widget and act on it. */
export type CellActions = {
  onConfigure(widgetId: string): void;
  onDuplicate(widgetId: string): void;
  onRemove(widgetId: string): void;
};
