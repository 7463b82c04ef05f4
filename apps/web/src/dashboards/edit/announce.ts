import type { LayoutItem } from '@pulse/api-contract/schemas';

/** The sentences the live region says while arranging (1-based, as a person counts). */
const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

export const placeText = (item: LayoutItem) => `column ${item.x + 1}, row ${item.y + 1}`;
export const sizeText = (item: LayoutItem) => `${plural(item.w, 'column')} by ${plural(item.h, 'row')}`;

export const ARRANGE_HELP =
  'Press Space or Enter to pick the widget up. Then the arrow keys move it one cell, Shift and the arrow keys resize it, Space or Enter puts it down, and Escape puts it back where it was.';

export const announceLift = (title: string, item: LayoutItem) =>
  `${title} picked up at ${placeText(item)}, ${sizeText(item)}. Arrow keys move it, Shift and arrow keys resize it, Space drops it, Escape cancels.`;
export const announceMove = (title: string, item: LayoutItem) => `${title} moved to ${placeText(item)}`;
export const announceResize = (title: string, item: LayoutItem) => `${title} resized to ${sizeText(item)}`;
export const announceDrop = (title: string, item: LayoutItem) => `${title} dropped at ${placeText(item)}, ${sizeText(item)}`;
export const announceCancel = (title: string, item: LayoutItem) => `Move cancelled. ${title} is back at ${placeText(item)}, ${sizeText(item)}`;
export const announceAdded = (title: string, item: LayoutItem) => `${title} added at ${placeText(item)}`;
