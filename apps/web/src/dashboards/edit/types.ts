/** What a cell of the arranging grid needs to draw its widget and act on it. */
export type CellActions = {
  onConfigure(widgetId: string): void;
  onDuplicate(widgetId: string): void;
  onRemove(widgetId: string): void;
};
