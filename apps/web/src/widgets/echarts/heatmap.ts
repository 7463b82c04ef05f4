// The heatmap chart's ECharts modules, loaded on demand: a page without a heatmap chart never downloads them.
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export { init } from 'echarts/core';
