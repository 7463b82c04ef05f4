// The pie chart's ECharts modules, loaded on demand: a page without a pie chart never downloads them.
import { PieChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([PieChart, LegendComponent, TooltipComponent, SVGRenderer]);

export { init } from 'echarts/core';
