// ECharts (bundled webjar) with the dashboards' dark styling, plus local-time helpers for a site's time zone.
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

export const PALETTE = ['#4fd1c5', '#f2c14e', '#f0603a', '#7aa2ff', '#c47dff', '#3fb87f', '#ff8fb1', '#9fb3c8'];
const AXIS = { axisLabel: { color: '#8ea3b8', fontSize: 13, hideOverlap: true }, axisLine: { lineStyle: { color: '#33465c' } },
  splitLine: { lineStyle: { color: '#1f2c3a' } } };

/**
 * Tooltips are drawn into the chart's canvas (rich text): ECharts' HTML tooltips carry inline styles, which the
 * pages' Content-Security-Policy (style-src 'self') blocks, leaving them unformatted.
 */
const TOOLTIP = { trigger: 'axis', renderMode: 'richText', backgroundColor: '#1b2633', borderColor: '#33465c',
  textStyle: { color: '#e6edf5' } };

/** A chart in `el` that follows the element's size; `option` is merged over the shared styling. */
export function chart(el, option) {
  const instance = echarts.init(el, null, { renderer: 'canvas' });
  instance.setOption({
    animation: false,
    color: PALETTE,
    grid: { left: 48, right: 16, top: 30, bottom: 30, containLabel: false },
    legend: { top: 0, textStyle: { color: '#e6edf5' } },
    ...option,
    tooltip: { ...TOOLTIP, ...option.tooltip },
    xAxis: { ...AXIS, ...option.xAxis },
    yAxis: { ...AXIS, min: 0, ...option.yAxis },
  });
  new ResizeObserver(() => instance.resize()).observe(el);
  return instance;
}

/** Epoch ms of local midnight in `timezone`, `daysAgo` days before today (exact except across a DST change). */
export function localMidnight(timezone, daysAgo = 0, now = Date.now()) {
  const offset = offsetMs(timezone, now);
  const local = new Date(now + offset);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysAgo);
  return midnight - offsetMs(timezone, midnight - offset);
}

/** The local date (YYYY-MM-DD) in `timezone` of an instant. */
export function localDate(timezone, at) {
  return new Date(at + offsetMs(timezone, at)).toISOString().slice(0, 10);
}

/** Epoch ms of local midnight of a YYYY-MM-DD date in `timezone`. */
export function midnightOf(timezone, date) {
  const utc = Date.parse(`${date}T00:00:00Z`);
  return utc - offsetMs(timezone, utc - offsetMs(timezone, utc));
}

function offsetMs(timezone, at) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * An instant as the site's wall-clock time on a UTC axis: ECharts formats a time axis in the browser's own zone or
 * in UTC only, so charts shift each point by the site's offset and set `useUTC`, and show the site's local time
 * wherever the browser is.
 */
export function siteTime(timezone) {
  return (at) => at + offsetMs(timezone, at);
}

export function hourLabel(timezone) {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hour12: false });
  return (at) => f.format(new Date(at));
}
