import type { HeatmapOptions } from '@pulse/api-contract/schemas';
import type { z } from 'zod';

type ColorScale = z.output<typeof HeatmapOptions>['colorScale'];

export type ChartColors = {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  tooltipBg: string;
  tooltipText: string;
  /** The series colours in order (the widget's own `color` goes first when it has one). */
  palette: string[];
  /** The previous period's line: quieter than this period's. */
  compare: string;
  /** The heatmap's ramps, from nothing (the card's surface) to the most. */
  scales: Record<ColorScale, string>;
};

const PALETTE_SIZE = 8;

/** Charts take their colours from the card's CSS variables, which follow light and dark. */
export function readChartColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#0f172a'),
    muted: read('--text-muted', '#556277'),
    grid: read('--border', '#dde3ee'),
    surface: read('--surface', '#ffffff'),
    tooltipBg: read('--surface', '#ffffff'),
    tooltipText: read('--text', '#0f172a'),
    palette: Array.from({ length: PALETTE_SIZE }, (_, index) => read(`--widget-series-${index + 1}`, '#2563eb')),
    compare: read('--widget-compare', '#94a3b8'),
    scales: {
      blues: read('--widget-scale-blues', '#1d4ed8'),
      greens: read('--widget-scale-greens', '#15803d'),
      oranges: read('--widget-scale-oranges', '#c2410c'),
      greys: read('--widget-scale-greys', '#334155'),
    },
  };
}
