// The gauge chart's ECharts modules, loaded on demand: a page without a gauge chart never downloads them.
import { GaugeChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([GaugeChart, SVGRenderer]);

export { init } from 'echarts/core';
