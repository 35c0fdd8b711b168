// The daily store report (/report/store/{zone}?date=YYYY-MM-DD&site=): one day of a store against the same weekday
// a week earlier — visitors, passers-by, capture rate, dwell, returning share, visitors per hour — laid out to print
// on A4. Built from the REST API only; the returning share says "not available" when the server lacks it (404).
import { ApiError, getJson, session } from './api.js';
import { localDate, midnightOf } from './charts.js';
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

const $ = (id) => document.getElementById(id);
const DWELL = [['under5m', 'under 5 min'], ['5to20m', '5–20 min'], ['20to60m', '20–60 min'], ['1to6h', '1–6 h'],
  ['over6h', 'over 6 h']];
const NUMBER = new Intl.NumberFormat('en-GB');

async function start() {
  const me = await session();
  const params = new URLSearchParams(location.search);
  const zoneId = decodeURIComponent(location.pathname.split('/')[3] ?? '');
  const siteId = params.get('site') ?? me.user.sites[0] ?? (await getJson('/api/sites'))[0]?.id;
  const site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`);
  const zone = site.zones.find((z) => z.id === zoneId);
  if (!zone) throw new Error(`no store '${zoneId}' you may see in ${site.name}`);

  const today = localDate(site.timezone, Date.now());
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date') : today;
  const weekAgo = addDays(date, -7);
  toolbar(site, zone, date, today);
  document.title = `${zone.name} ${date} · footfall`;
  $('store-name').textContent = zone.name;
  $('subtitle').textContent = `${site.name} · ${longDate(date)} · compared with ${longDate(weekAgo)}`;
  $('this-day').textContent = shortDate(date);
  $('last-week').textContent = shortDate(weekAgo);

  const store = new StoreApi(site, zone);
  const [day, week, returning, returningWeek] = await Promise.all([
    store.metrics(date), store.metrics(weekAgo), store.returning(date), store.returning(weekAgo)]);
  summary(day, week, returning, returningWeek);
  const hours = hourly(site, date, day, week);
  hourlyChart(hours);
  dwell(day, week);
  $('generated').textContent = `Generated ${new Date().toLocaleString('en-GB', { timeZone: site.timezone })}.`;
  $('report').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
}

function toolbar(site, zone, date, today) {
  $('back').href = `/store/${encodeURIComponent(zone.id)}?site=${encodeURIComponent(site.id)}`;
  $('date').value = date;
  $('date').max = today;
  $('date').addEventListener('change', () => {
    if (!$('date').value) return;
    const next = new URL(location.href);
    next.searchParams.set('date', $('date').value);
    location.assign(next);
  });
  $('print').addEventListener('click', () => window.print());
}

class StoreApi {
  constructor(site, zone) {
    Object.assign(this, { site, zone });
  }

  range(date) {
    const from = new Date(midnightOf(this.site.timezone, date)).toISOString();
    const to = new Date(midnightOf(this.site.timezone, addDays(date, 1))).toISOString();
    return `from=${from}&to=${to}`;
  }

  metrics(date) {
    return getJson(`/api/sites/${encodeURIComponent(this.site.id)}/stores/${encodeURIComponent(this.zone.id)}`
      + `/metrics?${this.range(date)}&step=hour`);
  }

  /** The repeat-visit figures of the day, or null when this server has no such endpoint. */
  async returning(date) {
    try {
      return await getJson(`/api/sites/${encodeURIComponent(this.site.id)}/repeat?zone=`
        + `${encodeURIComponent(this.zone.id)}&${this.range(date)}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }
}

/** A day without any stored period has no data: "–", not a count of 0 that reads as an empty store. */
function recorded(m) {
  return m.series?.length ? m : { ...m, visitors: null, passersBy: null, captureRate: null };
}

function summary(measuredDay, measuredWeek, returning, returningWeek) {
  const share = (r) => (r == null ? undefined : r.returningShare);
  const day = recorded(measuredDay);
  const week = recorded(measuredWeek);
  const rows = [
    ['visitors', 'Visitors', day.visitors, week.visitors, count],
    ['passers-by', 'Passers-by (fixed addresses)', day.passersBy, week.passersBy, count],
    ['capture-rate', 'Capture rate (fixed addresses)', day.captureRate, week.captureRate, percent],
    ['median-time-in-store', 'Median time in store', day.dwell?.medianMin, week.dwell?.medianMin, minutes],
    ['mean-time-in-store', 'Mean time in store', day.dwell?.meanMin, week.dwell?.meanMin, minutes],
    ['returning-visitors', 'Returning (fixed addresses)', share(returning), share(returningWeek), percent],
  ];
  $('summary').tBodies[0].replaceChildren(...rows.map(([id, label, value, before, format]) => {
    const tr = row(label, cell(value, format), cell(before, format));
    tr.append(changeCell(value, before, format === percent));
    tr.cells[1].id = id;
    return tr;
  }));
}

/** One row per local hour of the day that had anyone in it, this day against the same hour a week earlier. */
function hourly(site, date, day, week) {
  const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', hourCycle: 'h23' });
  const byHour = (series) => new Map((series ?? []).map((p) => [hourOf.format(new Date(p.period)), p]));
  const now = byHour(day.series);
  const before = byHour(week.series);
  const hours = [...new Set([...now.keys(), ...before.keys()])].sort()
    .filter((h) => (now.get(h)?.visitors ?? 0) + (now.get(h)?.passersBy ?? 0) + (before.get(h)?.visitors ?? 0) > 0);
  const rows = hours.map((h) => ({ hour: `${h}:00`, visitors: now.get(h)?.visitors ?? 0,
    lastWeek: before.get(h)?.visitors ?? 0, passersBy: now.get(h)?.passersBy ?? 0,
    captureRate: now.get(h)?.captureRate ?? null }));
  $('hours').tBodies[0].replaceChildren(...(rows.length ? rows.map((r) => row(r.hour, cell(r.visitors, count),
    cell(r.lastWeek, count), cell(r.passersBy, count), cell(r.captureRate, percent))) : [emptyRow(5)]));
  return rows;
}

function hourlyChart(rows) {
  const el = $('hourly-chart');
  // canvas, drawn at three times the screen's pixels so that it prints sharp: ECharts' SVG renderer sets inline
  // styles, which the page's Content-Security-Policy (style-src 'self') blocks, one console error each
  const instance = echarts.init(el, null, { renderer: 'canvas', devicePixelRatio: 3 });
  const axis = { axisLabel: { color: '#5b6b7a' }, axisLine: { lineStyle: { color: '#b8c4cf' } },
    splitLine: { lineStyle: { color: '#e6ebf0' } } };
  instance.setOption({
    animation: false,
    color: ['#0f7c72', '#c98a12'],
    grid: { left: 44, right: 12, top: 34, bottom: 28 },
    legend: { top: 0, itemGap: 24, textStyle: { color: '#1c2630' } },
    xAxis: { type: 'category', data: rows.map((r) => r.hour), ...axis },
    yAxis: { type: 'value', min: 0, minInterval: 1, ...axis },
    series: [
      { type: 'bar', name: 'this day', barMaxWidth: 64, data: rows.map((r) => r.visitors) },
      { type: 'line', name: 'same day last week', data: rows.map((r) => r.lastWeek) },
    ],
  });
  new ResizeObserver(() => instance.resize()).observe(el);
  window.addEventListener('beforeprint', () => instance.resize());
}

function dwell(day, week) {
  const visits = (d, key) => {
    const bucket = d.dwell?.buckets?.[key];
    if (bucket == null) return undefined;
    return bucket.suppressed ? 'few' : bucket.visits;
  };
  $('dwell').tBodies[0].replaceChildren(...DWELL.map(([key, label]) =>
    row(label, cell(visits(day, key), count), cell(visits(week, key), count))));
}

function row(label, ...cells) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = label;
  tr.append(th, ...cells);
  return tr;
}

function emptyRow(columns) {
  const tr = document.createElement('tr');
  const td = document.createElement('td');
  td.colSpan = columns;
  td.className = 'na';
  td.textContent = 'No visitors or passers-by recorded on this day.';
  tr.append(td);
  return tr;
}

/** A figure: undefined is a figure this server does not provide, null one without data (e.g. no passers-by). */
function cell(value, format) {
  const td = document.createElement('td');
  if (value === undefined) {
    td.className = 'na';
    td.textContent = 'not available';
  } else if (value === 'few') {
    td.textContent = 'few';
  } else {
    td.textContent = value == null ? '–' : format(value);
  }
  return td;
}

function changeCell(value, before, points) {
  const td = document.createElement('td');
  td.className = 'change';
  if (typeof value !== 'number' || typeof before !== 'number') {
    td.textContent = '–';
    return td;
  }
  const delta = points ? (value - before) * 100 : before === 0 ? null : ((value - before) / before) * 100;
  if (delta == null) {
    td.textContent = '–';
  } else {
    td.classList.add(delta > 0 ? 'up' : delta < 0 ? 'down' : 'same');
    td.textContent = `${delta > 0 ? '+' : ''}${delta.toFixed(1)}${points ? ' pts' : '%'}`;
  }
  return td;
}

const count = (n) => NUMBER.format(n);
const percent = (r) => `${(r * 100).toFixed(1)}%`;
const minutes = (m) => `${m.toFixed(0)} min`;

function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function longDate(date) {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric',
    month: 'long', year: 'numeric' });
}

function shortDate(date) {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric',
    month: 'short' });
}

start().catch((error) => {
  if (error.status === 401) return;
  $('report').hidden = true;
  $('fatal').textContent = `Cannot show the report: ${error.message}`;
  $('fatal').hidden = false;
});
