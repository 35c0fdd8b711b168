// History and reports (/history): per-minute, hourly or daily series of one or more zones from PostgreSQL,
// compared on one chart, with a CSV download per zone.
import { account, getJson, session } from './api.js';
import { chart, localDate, midnightOf, siteTime } from './charts.js';

const $ = (id) => document.getElementById(id);
const DAY_MS = 86_400_000;
const MAX_DAYS = 31;
const MAX_ZONES = 8;
const MEASURES = { entries: 'zone entries', devicesAvg: 'devices (average)', devicesMax: 'devices (peak)',
  uniques: 'unique devices' };
const STEP_UNITS = { minute: 'per minute', hour: 'per hour', day: 'per day' };

let site = null;
let plot = null;

async function start() {
  account($('account'), await session());
  const sites = await getJson('/api/sites');
  $('site').replaceChildren(...sites.map((s) => new Option(s.name, s.id)));
  $('site').addEventListener('change', () => chooseSite($('site').value));
  $('show').addEventListener('click', show);
  // zoom with the wheel or a pinch on the chart, or with the slider under it
  plot = chart($('chart'), { useUTC: true, grid: { left: 56, right: 16, top: 40, bottom: 80 },
    xAxis: { type: 'time', name: 'local time', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', nameTextStyle: { color: '#8ea3b8', align: 'left' } },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 22, bottom: 8, textStyle: { color: '#8ea3b8' } }],
    series: [] });
  await chooseSite(sites[0].id);
}

async function chooseSite(id) {
  site = await getJson(`/api/sites/${encodeURIComponent(id)}`);
  $('site-name').textContent = site.name;
  $('to').value = localDate(site.timezone, Date.now());
  $('from').value = localDate(site.timezone, Date.now() - 6 * DAY_MS);
  const boxes = site.zones.map((zone, i) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = zone.id;
    box.checked = i < 3;
    label.append(box, zone.name);
    return label;
  });
  $('zones').replaceChildren(...boxes);
  await show();
}

async function show() {
  const from = midnightOf(site.timezone, $('from').value);
  const to = midnightOf(site.timezone, $('to').value) + DAY_MS;
  const zones = [...$('zones').querySelectorAll('input:checked')].map((b) => b.value).slice(0, MAX_ZONES);
  const problem = !(from < to) ? "'From' must not be after 'To'."
    : to - from > MAX_DAYS * DAY_MS ? `At most ${MAX_DAYS} days at a time.`
      : zones.length === 0 ? 'Pick at least one zone.' : null;
  $('message').textContent = problem ?? '';
  $('message').hidden = !problem;
  if (problem) return;
  const step = $('step').value;
  const measure = $('measure').value;
  const url = (zone, csv) => `/api/sites/${encodeURIComponent(site.id)}/zones/${encodeURIComponent(zone)}/series`
    + `?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&step=${step}${csv ? '&format=csv' : ''}`;
  try {
    const results = await Promise.all(zones.map((zone) => getJson(url(zone, false))));
    const names = new Map(site.zones.map((z) => [z.id, z.name]));
    const local = siteTime(site.timezone);
    const empty = results.every((rows) => rows.length === 0);
    plot.setOption({
      title: { show: empty, text: 'no data yet for these days', left: 'center', top: 'middle',
        textStyle: { color: '#8ea3b8', fontSize: 15, fontWeight: 'normal' } },
      // the axis spans the chosen days, not only the part of them that has data
      xAxis: { min: local(from), max: local(to) },
      yAxis: { show: !empty, name: `${MEASURES[measure]} ${STEP_UNITS[step]}` },
      series: zones.map((zone, i) => ({
        // a line of a few points shows its points (a single one would be invisible)
        type: step === 'day' ? 'bar' : 'line', name: names.get(zone), showSymbol: results[i].length < 30, symbolSize: 7,
        barMaxWidth: 48,
        data: results[i].map((r) => [local(Date.parse(r.minute)), r[measure] == null ? null : Math.round(r[measure] * 10) / 10]),
      })),
    }, { replaceMerge: ['series'] });
    $('downloads').replaceChildren(...zones.map((zone) => {
      const a = document.createElement('a');
      a.className = 'button';
      a.href = url(zone, true);
      a.download = `${site.id}-${zone}-${step}-${$('from').value}-to-${$('to').value}.csv`;
      a.textContent = `CSV: ${names.get(zone)}`;
      return a;
    }));
  } catch (error) {
    $('message').textContent = error.message;
    $('message').hidden = false;
  }
}

start().catch((error) => {
  if (error.status === 401) return;
  $('message').textContent = `Cannot show the history: ${error.message}`;
  $('message').hidden = false;
});
