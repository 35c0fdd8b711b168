// Total devices on site over the last 30 minutes of event time, built from the live frames.
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

const WINDOW_MS = 30 * 60_000;
const RESOLUTION_MS = 5_000;

export class Trend {
  constructor(el, timezone) {
    this.points = [];
    this.chart = echarts.init(el, null, { renderer: 'canvas' });
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hour12: false });
    this.chart.setOption({
      animation: false,
      grid: { left: 60, right: 20, top: 14, bottom: 30 },
      tooltip: { trigger: 'axis', renderMode: 'richText', backgroundColor: '#1b2633', borderColor: '#33465c',
        textStyle: { color: '#e6edf5' } },
      xAxis: { type: 'time', axisLabel: { color: '#8ea3b8', fontSize: 14, formatter: (v) => clock.format(new Date(v)) },
        axisLine: { lineStyle: { color: '#33465c' } }, splitLine: { show: false } },
      yAxis: { type: 'value', min: 0, axisLabel: { color: '#8ea3b8', fontSize: 14 }, splitLine: { lineStyle: { color: '#1f2c3a' } } },
      series: [{ type: 'line', name: 'devices', showSymbol: false, data: [],
        lineStyle: { color: '#4fd1c5', width: 2 }, areaStyle: { color: 'rgba(79, 209, 197, 0.15)' } }],
    });
    new ResizeObserver(() => this.chart.resize()).observe(el);
  }

  /** Adds a sample; samples closer than the resolution replace the previous one so the series stays small. */
  add(watermark, devices) {
    if (watermark == null) return;
    const last = this.points[this.points.length - 1];
    const beforeLast = this.points[this.points.length - 2];
    if (last && watermark < last[0]) {
      this.points = []; // event time went back (a restarted demo): the old line no longer fits the clock
    } else if (beforeLast && watermark - beforeLast[0] < RESOLUTION_MS) {
      this.points.pop();
    }
    this.points.push([watermark, devices]);
    const oldest = watermark - WINDOW_MS;
    while (this.points.length && this.points[0][0] < oldest) this.points.shift();
    this.chart.setOption({ series: [{ data: this.points }] });
  }
}
