import { useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';

type FocusRequest = { widgetId: string; action?: 'up' | 'down' };

/**
 * Focus that follows a widget through a change: the cell that was moved, added or copied (or
 * the Move up / Move down button that was used) gets focus after the render that moved it. A
 * new cell appears a render later (react-grid-layout places it in an effect of its own): a few
 * more tries, then focus stays where it is.
 */
export function useFocusAfterChange(containerRef: RefObject<HTMLElement | null>) {
  const focusRequest = useRef<FocusRequest | null>(null);
  useLayoutEffect(() => {
    const request = focusRequest.current;
    if (!request) return;
    focusRequest.current = null;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      const cell = containerRef.current?.querySelector<HTMLElement>(`[data-edit-cell="${request.widgetId}"]`);
      if (!cell) {
        if ((tries += 1) <= 10) timer = setTimeout(attempt, 16);
        return;
      }
      // The button used, else the other one (Move up is disabled once the widget is first).
      const button = request.action
        ? (cell.querySelector<HTMLElement>(`[data-action="${request.action}"]:not(:disabled)`) ?? cell.querySelector<HTMLElement>('[data-action="up"]:not(:disabled), [data-action="down"]:not(:disabled)'))
        : null;
      (button ?? cell).focus();
    };
    attempt();
    return () => clearTimeout(timer);
  });
  return (widgetId: string, action?: 'up' | 'down') => {
    focusRequest.current = { widgetId, action };
  };
}
