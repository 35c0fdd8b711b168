// The store manager's page (/store/{zone}): estimated people now, today's visitors, passers-by and capture rate, dwell
// times, first-time vs returning visitors, today's hourly visitors against the same weekday last week, and a
// date-range history with CSV download. Panels whose endpoint this server lacks say so instead of failing.
import { account, ApiError, getJson, notAvailable, session } from './api.js';
import { chart, hourLabel, localDate, localMidnight, midnightOf } from './charts.js';
import { connectLive } from './live.js';
import { Alerts } from './alerts.js';

const $ = (id) => document.getElementById(id);
const DAY_MS = 86_400_000;
const STATE_TEXT = { connecting: 'connecting', live: 'live', stale: 'stale', reconnecting: 'reconnecting', failed: 'offline' };
const REFRESH_MS = 60_000;
const DWELL_LABELS = { under5m: '< 5 min', '5to20m': '5–20 min', '20to60m': '20–60 min', '1to6h': '1–6 h', over6h: '> 6 h' };

async function start() {
  const me = await session();
  account($('account'), me);
  const zoneId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const siteId = new URLSearchParams(location.search).get('site') ?? me.user.sites[0]
    ?? (await getJson('/api/sites'))[0]?.id;
  const site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`);
  const zone = site.zones.find((z) => z.id === zoneId);
  if (!zone) throw new Error(`no store '${zoneId}' you may see in ${site.name}`);
  document.title = `${zone.name} · footfall`;
  $('store-name').textContent = zone.name;
  $('site-name').textContent = site.name;
  $('report-link').href = `/report/store/${encodeURIComponent(zone.id)}?site=${encodeURIComponent(site.id)}`;

  const api = (path) => `/api/sites/${encodeURIComponent(site.id)}${path}`;

  // the server lists a store manager only their own stores' alerts; the control room acknowledges them
  const alerts = new Alerts($('alerts'), $('alert-count'), { ...site, zones: [zone] },
    { canAcknowledge: me.user.role !== 'store-manager', only: zone.id });
  alerts.load();
  const apply = (frame) => {
    showNow(frame, zone);
    alerts.peoplePerDevice = frame.totals?.calibrationFactor ?? alerts.peoplePerDevice;
  };
  connectLive(site.id, {
    onSnapshot: apply,
    onUpdate: apply,
    onAlert: (frame) => alerts.receive(frame),
    onReconnect: () => alerts.load(),
    onState: (state) => {
      $('connection').dataset.state = state;
      $('connection-text').textContent = STATE_TEXT[state] ?? state;
    },
  });

  const today = new Today(site, zone, api);
  today.refresh();
  setInterval(() => today.refresh(), REFRESH_MS);
  new History(site, (from, to) => today.metricsPath(from, to)).start();
}

/**
 * People in the store now: the engine's estimate (devices times the calibration) with the devices heard beside it,
 * coloured against the store's capacity; before the engine has an estimate, one device counts as one person.
 */
function showNow(frame, zone) {
  const devices = frame.zones[zone.id];
  if (devices == null) return;
  const estimate = frame.estimates?.[zone.id];
  const people = estimate?.estimatedPeople ?? devices;
  const ratio = people / zone.capacity;
  $('now').textContent = fmt(Math.round(people));
  $('now-card').dataset.level = ratio > 1 ? 'over' : ratio >= 1 ? 'full' : ratio >= 0.75 ? 'busy' : 'ok';
  $('now-detail').textContent = `${fmt(devices)} devices heard · ${Math.round(ratio * 100)}% of capacity ${zone.capacity}`
    + (estimate?.estimatedPeople == null ? ' · not estimated yet: 1 device ≈ 1 person' : '');
  $('now-card').title = 'Estimated people: the devices heard, phones behind randomized addresses linked into one '
    + 'device each, times the headcount calibration of the hour.';
}

class Today {
  constructor(site, zone, api) {
    Object.assign(this, { site, zone, api });
    this.hour = hourLabel(site.timezone);
    this.hourly = null;
    this.dwell = null;
    this.repeat = null;
  }

  async refresh() {
    const from = localMidnight(this.site.timezone);
    const now = Date.now();
    await Promise.all([this.metrics(from, now), this.hourlyChart(from, now), this.repeatChart(now)]);
  }

  async metrics(from, to) {
    const m = await getJson(this.metricsPath(from, to));
    $('visitors').textContent = fmt(m.visitors);
    $('visitors-detail').textContent = `every phone: ${fmt(m.fixedAddressVisitors)} with a fixed address, `
      + `${fmt(m.random)} randomized · final minutes only`;
    $('passers').textContent = fmt(m.passersBy);
    $('capture').textContent = m.captureRate == null ? '–' : `${(m.captureRate * 100).toFixed(1)}%`;
    this.dwellChart(m.dwell);
  }

  metricsPath(from, to, step = 'hour') {
    return this.api(`/stores/${encodeURIComponent(this.zone.id)}/metrics?from=${new Date(from).toISOString()}`
      + `&to=${new Date(to).toISOString()}&step=${step}`);
  }

  dwellChart(dwell) {
    // the API's buckets, in the industry's order; a bucket under the privacy floor has no count
    const buckets = Object.entries(dwell?.buckets ?? {}).map(([name, b]) => [DWELL_LABELS[name] ?? name,
      b.suppressed ? null : b.visits]);
    this.dwell ??= chart($('dwell'), { xAxis: { type: 'category' }, yAxis: { type: 'value' }, legend: { show: false },
      grid: { left: 48, right: 16, top: 30, bottom: 44 }, series: [{ type: 'bar', name: 'visitors', barMaxWidth: 64, data: [] }] });
    const median = dwell?.medianMin == null ? '' : `median ${dwell.medianMin.toFixed(0)} min`;
    const mean = dwell?.meanMin == null ? '' : `mean ${dwell.meanMin.toFixed(0)} min`;
    // every bucket keeps its label, on two lines when a phone leaves too little room for one
    const perBucket = (this.dwell.getWidth() - 64) / Math.max(1, buckets.length);
    const none = !dwell?.visits;
    this.dwell.setOption({ title: none
      ? { text: 'no visits yet today', left: 'center', top: 'middle', right: 'auto', textStyle: { color: '#8ea3b8', fontSize: 14, fontWeight: 'normal' } }
      : { text: [median, mean].filter(Boolean).join(' · '), right: 0, top: 0, left: 'auto', textStyle: { color: '#8ea3b8', fontSize: 13 } },
    yAxis: { show: !none },
    xAxis: { data: buckets.map(([l]) => l), axisLabel: { interval: 0, width: Math.max(30, perBucket - 4), overflow: 'break', lineHeight: 15 } },
    series: [{ data: buckets.map(([, n]) => n) }] });
  }

  /** Visitors per hour today against the same weekday last week, both from the store metrics. */
  async hourlyChart(from, now) {
    const [today, lastWeek] = await Promise.all([
      getJson(this.metricsPath(from, now)),
      getJson(this.metricsPath(from - 7 * DAY_MS, from - 6 * DAY_MS)),
    ]);
    const byHour = (m, shift) => new Map(m.series.map((r) => [this.hour(Date.parse(r.period) + shift), r.visitors]));
    const t = byHour(today, 0);
    const w = byHour(lastWeek, 7 * DAY_MS);
    const hours = [...new Set([...w.keys(), ...t.keys()])].sort();
    this.hourly ??= chart($('hourly'), { xAxis: { type: 'category', name: 'hour', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', name: 'visitors', minInterval: 1 }, grid: { left: 48, right: 16, top: 40, bottom: 40 },
      series: [{ type: 'bar', name: 'today', barMaxWidth: 64, data: [] }, { type: 'line', name: 'same day last week', data: [] }] });
    const empty = hours.length === 0;
    this.hourly.setOption({ title: { show: empty, text: 'no data yet today', left: 'center', top: 'middle',
      textStyle: { color: '#8ea3b8', fontSize: 14, fontWeight: 'normal' } }, yAxis: { show: !empty },
    xAxis: { data: hours.map((h) => `${h}h`) },
    series: [{ data: hours.map((h) => t.get(h) ?? 0) }, { data: hours.map((h) => w.get(h) ?? 0) }] });
  }

  async repeatChart(now) {
    try {
      const r = await getJson(this.api(`/repeat?zone=${encodeURIComponent(this.zone.id)}&from=${new Date(now - 30 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`));
      // the slices name themselves and the share of returning visitors sits in the ring, so that nothing
      // collides on a phone; an empty slice gets no label
      this.repeat ??= chart($('repeat'), { tooltip: { trigger: 'item' }, legend: { show: false },
        xAxis: { show: false }, yAxis: { show: false },
        series: [{ type: 'pie', radius: ['45%', '68%'], label: { color: '#e6edf5', formatter: '{b}: {c}' }, data: [] }] });
      const shown = r.firstTime != null && r.returning != null;
      const share = r.returningShare == null ? '' : `${(r.returningShare * 100).toFixed(0)}%\nreturning`;
      const slices = [{ name: 'first time', value: r.firstTime }, { name: 'returning', value: r.returning }]
        .filter((slice) => slice.value > 0);
      this.repeat.setOption({
        graphic: [{ type: 'text', id: 'share', left: 'center', top: 'middle',
          style: { text: share, textAlign: 'center', fill: '#e6edf5', font: '600 16px system-ui, sans-serif', lineHeight: 20 } }],
        series: [{ data: shown ? slices : [] }],
      });
      $('repeat-note').textContent = repeatNote(r);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      notAvailable($('repeat'), 'First-time vs returning');
      $('repeat-note').textContent = '';
    }
  }
}

/** What the first-time vs returning figures cover: only phones with a fixed (globally administered) address. */
function repeatNote(r) {
  const parts = [`Only phones with a fixed (globally administered) address can be recognised on a later day: this `
    + `counts those ${fmt(r.visitors)} visitors, not the phones that randomize their address.`];
  if (r.suppressed) parts.push(`Groups of fewer than ${r.kAnonymity} are hidden for privacy.`);
  const f = r.frequency ?? {};
  const buckets = ['daily', 'weekly', 'monthly', 'occasional'].filter((b) => f[b]?.visitors != null);
  if (buckets.length) parts.push(`Frequency: ${buckets.map((b) => `${b} ${fmt(f[b].visitors)}`).join(' · ')}.`);
  return parts.join(' ');
}

/** Visitors per local day of a date range, from the store metrics: the figure of the cards, the report and the CSV. */
class History {
  constructor(site, metricsPath) {
    Object.assign(this, { site, metricsPath });
  }

  start() {
    const tz = this.site.timezone;
    $('to').value = localDate(tz, Date.now());
    $('from').value = localDate(tz, Date.now() - 6 * DAY_MS);
    this.chart = chart($('history'), { xAxis: { type: 'category', name: 'local date', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'visitors', minInterval: 1 }, legend: { show: false }, grid: { left: 48, right: 16, top: 30, bottom: 44 },
      series: [{ type: 'bar', name: 'visitors', barMaxWidth: 64, data: [] }] });
    $('from').addEventListener('change', () => this.load());
    $('to').addEventListener('change', () => this.load());
    this.load();
  }

  async load() {
    const tz = this.site.timezone;
    const from = midnightOf(tz, $('from').value);
    const to = midnightOf(tz, $('to').value) + DAY_MS;
    if (!(from < to)) return;
    const path = this.metricsPath(from, to);
    $('csv').href = `${path}&format=csv`;
    try {
      const m = await getJson(path);
      // every local day of the range gets its bar, so that 1-7 Dec draws exactly those seven days
      const days = [];
      for (let day = $('from').value; day <= $('to').value; day = localDate(tz, midnightOf(tz, day) + 1.5 * DAY_MS)) days.push(day);
      const perDay = new Map(days.map((d) => [d, 0]));
      m.series.forEach((r) => { const d = localDate(tz, Date.parse(r.period)); perDay.set(d, (perDay.get(d) ?? 0) + r.visitors); });
      const empty = m.series.length === 0;
      this.chart.setOption({ title: { show: empty, text: 'no data yet for these days', left: 'center', top: 'middle',
        textStyle: { color: '#8ea3b8', fontSize: 14, fontWeight: 'normal' } },
      xAxis: { data: days.map((d) => d.slice(5)) }, yAxis: { show: !empty },
      series: [{ data: empty ? [] : days.map((d) => perDay.get(d)) }] });
      // the drawn figures, for a test (and a curious user) to compare with the API and the CSV
      $('history').dataset.days = JSON.stringify(Object.fromEntries(days.map((d) => [d, perDay.get(d)])));
    } catch (error) {
      $('csv').removeAttribute('href');
      this.chart.setOption({ title: { show: true, text: error.message, textStyle: { color: '#f0603a', fontSize: 13 } } });
    }
  }
}

function fmt(n) {
  return n == null ? '–' : Number(n).toLocaleString('en-GB');
}

start().catch((error) => {
  if (error.status === 401) return;
  $('fatal').textContent = `Cannot show the store: ${error.message}`;
  $('fatal').hidden = false;
});
