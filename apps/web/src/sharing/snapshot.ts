/**
 * PNG pictures of widgets as they are on screen, drawn on a canvas: each card's box, every
 * piece of text where it stands (titles, numbers, table cells, in their own font and colour),
 * and each chart as ECharts renders it (`getDataURL` of the instance on the chart element).
 * Not a screenshot: what is drawn is what the page shows, read back from its elements.
 */

/** Pixels per CSS pixel: sharp on a high-density screen and in print. */
const SCALE = 2;
const CHART = '[data-testid="widget-chart"]';

type Origin = { left: number; top: number };

async function chartImage(element: HTMLElement): Promise<HTMLImageElement | null> {
  // The chunk every chart kind already shares (widgets/echarts/load.ts): loaded when a chart is.
  const { getInstanceByDom } = await import('echarts/core');
  const chart = getInstanceByDom(element);
  if (!chart) return null;
  // SVG charts answer an SVG data URL, drawn onto the canvas like any image.
  const image = new Image();
  image.src = chart.getDataURL({ type: 'png', pixelRatio: SCALE });
  await image.decode();
  return image;
}

/** Elements that hold text of their own, outside charts and buttons (the menus, "Show numbers"). */
function textElements(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('*')].filter((element) => {
    if (element.closest(`${CHART}, button, .visually-hidden`)) return false;
    return [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
  });
}

/** `text` broken into lines no wider than `width` at the context's font, as the page wraps it. */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && context.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  return line ? [...lines, line] : lines;
}

function drawText(context: CanvasRenderingContext2D, element: HTMLElement, origin: Origin): void {
  const rect = element.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return;
  const style = getComputedStyle(element);
  const text = [...element.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent ?? '')
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  context.fillStyle = style.color;
  context.textBaseline = 'middle';
  const align = style.textAlign === 'right' || style.textAlign === 'end' ? 'right' : style.textAlign === 'center' ? 'center' : 'left';
  context.textAlign = align;
  const padLeft = Number.parseFloat(style.paddingLeft) || 0;
  const padRight = Number.parseFloat(style.paddingRight) || 0;
  const width = Math.max(1, rect.width - padLeft - padRight);
  const x = align === 'right' ? rect.right - padRight : align === 'center' ? rect.left + rect.width / 2 : rect.left + padLeft;
  const lines = wrap(context, text, width);
  const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.3;
  // The lines centred in the element's box, as the page lays them out.
  const top = rect.top + rect.height / 2 - (lines.length * lineHeight) / 2;
  lines.forEach((line, index) => context.fillText(line, x - origin.left, top + lineHeight * (index + 0.5) - origin.top, width));
}

async function drawCard(context: CanvasRenderingContext2D, card: HTMLElement, origin: Origin): Promise<void> {
  const rect = card.getBoundingClientRect();
  const style = getComputedStyle(card);
  context.fillStyle = style.backgroundColor;
  context.strokeStyle = style.borderTopColor;
  context.beginPath();
  context.roundRect(rect.left - origin.left, rect.top - origin.top, rect.width, rect.height, Number.parseFloat(style.borderTopLeftRadius) || 0);
  context.fill();
  context.stroke();
  // What the card scrolls out of sight is not drawn over its neighbours either.
  context.save();
  context.clip();
  for (const element of textElements(card)) drawText(context, element, origin);
  for (const element of card.querySelectorAll<HTMLElement>(CHART)) {
    const image = await chartImage(element);
    const at = element.getBoundingClientRect();
    if (image) context.drawImage(image, at.left - origin.left, at.top - origin.top, at.width, at.height);
  }
  context.restore();
}

function canvasOf(width: number, height: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * SCALE);
  canvas.height = Math.ceil(height * SCALE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw pictures (no 2D canvas).');
  context.scale(SCALE, SCALE);
  context.fillStyle = getComputedStyle(document.body).backgroundColor;
  context.fillRect(0, 0, width, height);
  return { canvas, context };
}

function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be encoded.'))), 'image/png'));
}

/** One widget card as a PNG. */
export async function widgetPng(card: HTMLElement): Promise<Blob> {
  const rect = card.getBoundingClientRect();
  const { canvas, context } = canvasOf(rect.width, rect.height);
  await drawCard(context, card, rect);
  return toPng(canvas);
}

/** Every card of a dashboard at its place, under the dashboard's name, as one PNG. */
export async function dashboardPng(cards: readonly HTMLElement[], title: string): Promise<Blob> {
  const rects = cards.map((card) => card.getBoundingClientRect());
  const margin = 24;
  const band = 48;
  const left = Math.min(...rects.map((rect) => rect.left)) - margin;
  const top = Math.min(...rects.map((rect) => rect.top)) - margin - band;
  const width = Math.max(...rects.map((rect) => rect.right)) + margin - left;
  const height = Math.max(...rects.map((rect) => rect.bottom)) + margin - top;
  const { canvas, context } = canvasOf(width, height);
  const bodyStyle = getComputedStyle(document.body);
  context.font = `700 20px ${bodyStyle.fontFamily}`;
  context.fillStyle = bodyStyle.color;
  context.textBaseline = 'middle';
  context.fillText(title, margin, margin + band / 2, width - 2 * margin);
  for (const card of cards) await drawCard(context, card, { left, top });
  return toPng(canvas);
}

/** A file name from a title: "Active users (5 min)" → "active-users-5-min". */
export function fileSlug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'dashboard'
  );
}
