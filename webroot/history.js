// History and reports (/history): per-minute, hourly or daily series of one or more zones from PostgreSQL,
// compared on one chart, with a CSV download per zone.
import { account, getJson, session } from './api.js';
import { chart, localDate, midnightOf } from './charts.js';

const $ = (id) => document.getElementById(id);
const DAY_MS = 86_400_000;
const MAX_DAYS = 31;
const MAX_ZONES = 8;

let site = null;
let plot = null;

async function start() {
  account($('account'), await session());
  const sites = await getJson('/api/sites');
  $('site').replaceChildren(...sites.map((s) => new Option(s.name, s.id)));
  $('site').addEventListener('change', () => chooseSite($('site').value));
  $('show').addEventListener('click', show);
  plot = chart($('chart'), { xAxis: { type: 'time' }, yAxis: { type: 'value' }, series: [] });
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
    plot.setOption({
      // the axis spans the chosen days, not only the part of them that has data
      xAxis: { min: from, max: to },
      series: zones.map((zone, i) => ({
        // a line of a few points shows its points (a single one would be invisible)
        type: step === 'day' ? 'bar' : 'line', name: names.get(zone), showSymbol: results[i].length < 30, symbolSize: 7,
        barMaxWidth: 48,
        data: results[i].map((r) => [r.minute, r[measure]]),
      })),
    }, { replaceMerge: ['series'] });
    $('downloads').replaceChildren(...zones.map((zone) => {
      const a = document.createElement('a');
      a.className = 'button';
      a.href = url(zone, true);
      a.download = `${site.id}-${zone}-${step}.csv`;
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
