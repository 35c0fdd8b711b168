// The decisions page (/decisions.html?site=&zone=): a store, zone or the whole site before and after a change, side
// by side with the change, its margin and a verdict; and, for the control room and admins, what a shop in a vacant
// unit would draw, with the stores compared with, the method's error on the existing stores and the payback of the
// owner's own figures. Built from the REST API only (docs/decisions.md); prints on A4 like the daily report.
import { getJson, session } from './api.js';
import { localDate } from './charts.js';
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

const $ = (id) => document.getElementById(id);
const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const MONEY = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const LABELS = { visitors: 'Visitors', passersBy: 'Passers-by', captureRate: 'Capture rate',
  dwellMedianMin: 'Median time in store', returningShare: 'Returning visitors', flowsIn: 'Moves in' };
const AXIS = { axisLabel: { color: '#5b6b7a' }, axisLine: { lineStyle: { color: '#b8c4cf' } },
  splitLine: { lineStyle: { color: '#e6ebf0' } } };

async function start() {
  const me = await session();
  const params = new URLSearchParams(location.search);
  const siteId = params.get('site') ?? me.user.sites[0] ?? (await getJson('/api/sites'))[0]?.id;
  const site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`);
  const zoneId = params.get('zone') ?? (me.user.role === 'store-manager' ? me.user.zones[0] : '');
  const zone = site.zones.find((z) => z.id === zoneId);
  if (zoneId && !zone) throw new Error(`no zone '${zoneId}' you may see in ${site.name}`);
  $('back').href = zone?.kind === 'store' ? `/store/${encodeURIComponent(zone.id)}?site=${encodeURIComponent(site.id)}`
    : '/';
  $('title').textContent = zone ? zone.name : site.name;
  defaults(site, params);
  $('compare').addEventListener('click', () => reloadWith(periodParams()));
  $('print').addEventListener('click', () => window.print());
  await compare(site, zone);
  if (me.user.role !== 'store-manager') await potential(site, params, zone);
  $('page').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
}

/** The periods from the address, or the 28 days up to yesterday against the 28 before them. */
function defaults(site, params) {
  const yesterday = addDays(localDate(site.timezone, Date.now()), -1);
  const pick = (name, fallback) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(name) ?? '') ? params.get(name) : fallback);
  $('after-to').value = pick('afterTo', yesterday);
  $('after-from').value = pick('afterFrom', addDays($('after-to').value, -27));
  $('before-to').value = pick('beforeTo', addDays($('after-from').value, -1));
  $('before-from').value = pick('beforeFrom', addDays($('before-to').value, -27));
  $('history-to').value = pick('to', yesterday);
  $('history-from').value = pick('from', addDays($('history-to').value, -27));
}

function periodParams() {
  return { beforeFrom: $('before-from').value, beforeTo: $('before-to').value, afterFrom: $('after-from').value,
    afterTo: $('after-to').value };
}

function reloadWith(values) {
  const next = new URL(location.href);
  Object.entries(values).forEach(([k, v]) => (v === '' || v == null ? next.searchParams.delete(k)
    : next.searchParams.set(k, v)));
  location.assign(next);
}

async function compare(site, zone) {
  const base = `/api/sites/${encodeURIComponent(site.id)}`;
  const path = !zone ? `${base}/compare` : zone.kind === 'store' ? `${base}/stores/${encodeURIComponent(zone.id)}/compare`
    : `${base}/zones/${encodeURIComponent(zone.id)}/compare`;
  const body = await getJson(`${path}?${new URLSearchParams(periodParams())}`);
  $('subtitle').textContent = `${site.name} · ${body.before.from} to ${body.before.to} (${body.before.compared} days`
    + ` compared) against ${body.after.from} to ${body.after.to} (${body.after.compared} days)`;
  $('method').textContent = `Method: ${body.method}. Weekdays in both periods: ${body.weekdays.join(', ') || 'none'}.`;
  $('figures').tBodies[0].replaceChildren(...body.figures.map((f) => {
    const format = f.figure === 'captureRate' || f.figure === 'returningShare' ? percent
      : f.figure === 'dwellMedianMin' ? minutes : count;
    const tr = row(LABELS[f.figure] ?? f.figure, f.suppressed ? 'few' : format(f.before),
      f.suppressed ? 'few' : format(f.after), change(f), f.text);
    tr.cells[3].className = `change ${f.verdict === 'up' ? 'up' : f.verdict === 'down' ? 'down' : ''}`;
    tr.dataset.figure = f.figure;
    tr.dataset.verdict = f.verdict;
    return tr;
  }));
  changeChart(body.figures.filter((f) => f.change != null));
}

function changeChart(figures) {
  const instance = chart($('change-chart'));
  const labels = figures.map((f) => LABELS[f.figure] ?? f.figure);
  instance.setOption({
    animation: false,
    grid: { left: 150, right: 24, top: 10, bottom: 28 },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => `${Math.round(v * 100)} %`, color: '#5b6b7a' },
      splitLine: AXIS.splitLine },
    yAxis: { type: 'category', data: labels, inverse: true, ...AXIS },
    series: [
      { type: 'bar', name: 'change', barMaxWidth: 22,
        data: figures.map((f) => ({ value: f.change,
          itemStyle: { color: f.verdict === 'up' ? '#1d7a45' : f.verdict === 'down' ? '#b3401f' : '#9aa8b5' } })) },
      // the 95 % interval as a thin bar from low to high, stacked on an invisible offset
      { type: 'bar', stack: 'margin', silent: true, barWidth: 4, itemStyle: { color: 'transparent' },
        data: figures.map((f) => (f.margin == null ? null : f.change - f.margin)) },
      { type: 'bar', stack: 'margin', silent: true, barWidth: 4, barGap: '-100%', itemStyle: { color: '#1c2630' },
        data: figures.map((f) => (f.margin == null ? null : 2 * f.margin)) },
    ],
  });
}

async function potential(site, params, zone) {
  const units = site.zones.filter((z) => z.kind === 'vacant' || z.kind === 'store');
  if (units.length === 0) return;
  $('potential').hidden = false;
  const chosen = params.get('unit') ?? units.find((z) => z.kind === 'vacant')?.id ?? zone?.id ?? units[0].id;
  $('unit').replaceChildren(...units.map((z) => {
    const option = document.createElement('option');
    option.value = z.id;
    option.textContent = z.kind === 'vacant' ? `${z.name} (vacant)` : `${z.name} (what if)`;
    option.selected = z.id === chosen;
    return option;
  }));
  const owner = { rent: params.get('rent'), spend: params.get('spend'), conversion: params.get('conversion'),
    margin: params.get('margin'), fitOut: params.get('fitOut') };
  $('rent').value = owner.rent ?? '';
  $('spend').value = owner.spend ?? '';
  $('conversion').value = owner.conversion == null ? '' : Math.round(owner.conversion * 100);
  $('margin').value = owner.margin == null ? '' : Math.round(owner.margin * 100);
  $('fit-out').value = owner.fitOut ?? '';
  $('estimate').addEventListener('click', () => reloadWith({ ...periodParams(), unit: $('unit').value,
    from: $('history-from').value, to: $('history-to').value, rent: $('rent').value, spend: $('spend').value,
    conversion: share($('conversion').value), margin: share($('margin').value), fitOut: $('fit-out').value }));
  const query = new URLSearchParams({ from: $('history-from').value, to: $('history-to').value });
  Object.entries(owner).forEach(([k, v]) => v != null && v !== '' && query.set(k, v));
  const body = await getJson(`/api/sites/${encodeURIComponent(site.id)}/units/${encodeURIComponent(chosen)}`
    + `/potential?${query}`);
  const unitName = site.zones.find((z) => z.id === chosen)?.name ?? chosen;
  $('estimate-line').textContent = body.visitorsPerDay == null
    ? `${unitName}: no estimate — its frontage traffic or comparable stores are missing from the history.`
    : `${unitName}: about ${count(body.visitorsPerDay)} visitors a day (${count(body.low)}–${count(body.high)}),`
      + ` ${count(body.visitorsPerWeek)} a week (${count(body.lowPerWeek)}–${count(body.highPerWeek)}), from`
      + ` ${count(body.trafficPerDay)} people a day passing its front over ${body.history.recorded} days. On the existing stores`
      + ` the method was off by ${percent(body.backtest.medianAbsoluteError)} (median).`;
  $('comparables').tBodies[0].replaceChildren(...body.comparables.map((c) => row(c.name, c.floor,
    count(c.trafficPerDay), percent(c.captureRate), count(c.predictedPerDay))));
  $('backtest').tBodies[0].replaceChildren(...body.backtest.stores.map((b) => row(b.name, count(b.predictedPerDay),
    count(b.actualPerDay), signedPercent(b.error))));
  backtestChart(body.backtest.stores);
  payback(body.payback);
  $('potential-note').textContent = body.note;
}

function payback(p) {
  $('payback').hidden = p == null;
  if (p == null) return;
  const rows = [['Low', p.low], ['Estimate', p.estimate], ['High', p.high]];
  $('payback').tBodies[0].replaceChildren(...rows.map(([label, o]) => row(label, count(o.visitorsPerDay),
    MONEY.format(o.salesPerMonth), MONEY.format(o.marginPerMonth),
    o.paybackMonths == null ? '—' : `${NUMBER.format(o.paybackMonths)} months`)),
  row('Rent covered at', `${count(p.breakEvenVisitorsPerDay)} visitors a day`, '', '', ''));
}

function backtestChart(stores) {
  const instance = chart($('backtest-chart'));
  const top = Math.max(1, ...stores.flatMap((s) => [s.actualPerDay, s.predictedPerDay]));
  instance.setOption({
    animation: false,
    grid: { left: 54, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'value', name: 'actual per day', nameLocation: 'middle', nameGap: 26, min: 0, max: top, ...AXIS },
    yAxis: { type: 'value', name: 'predicted', min: 0, max: top, ...AXIS },
    series: [
      { type: 'scatter', symbolSize: 9, itemStyle: { color: '#0f7c72' },
        data: stores.map((s) => [s.actualPerDay, s.predictedPerDay]) },
      { type: 'line', silent: true, symbol: 'none', lineStyle: { color: '#9aa8b5', type: 'dashed' },
        data: [[0, 0], [top, top]] },
    ],
  });
}

function chart(el) {
  // SVG prints sharp at any scale, and its styling is attributes, which the page's CSP allows
  const instance = echarts.init(el, null, { renderer: 'svg' });
  new ResizeObserver(() => instance.resize()).observe(el);
  window.addEventListener('beforeprint', () => instance.resize());
  return instance;
}

function row(...cells) {
  const tr = document.createElement('tr');
  cells.forEach((value, i) => {
    const td = document.createElement(i === 0 ? 'th' : 'td');
    if (i === 0) td.scope = 'row';
    td.textContent = value ?? '—';
    tr.append(td);
  });
  return tr;
}

function change(f) {
  if (f.change == null) return '—';
  return `${signedPercent(f.change)}${f.margin == null ? '' : ` ± ${percent(f.margin)}`}`;
}

const count = (v) => (v == null ? '—' : NUMBER.format(v));
const percent = (v) => (v == null ? '—' : `${NUMBER.format(v * 100)} %`);
const signedPercent = (v) => (v == null ? '—' : `${v > 0 ? '+' : ''}${NUMBER.format(v * 100)} %`);
const minutes = (v) => (v == null ? '—' : `${NUMBER.format(v)} min`);
const share = (v) => (v === '' ? '' : String(Number(v) / 100));

function addDays(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

start().catch((error) => {
  $('fatal').hidden = false;
  $('fatal').textContent = error.message;
  $('page').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
});
