// footfall control room: loads the site, draws its floors, keeps them live from the /live WebSocket, and shows
// alerts and sensor health. Store managers are sent to their store's page.
import { Alerts } from './alerts.js';
import { account, getJson, session } from './api.js';
import { FloorPlans } from './floorplan.js';
import { connectLive } from './live.js';
import { colourFor, drawLegend } from './scale.js';
import { SensorHealth } from './sensors.js';
import { Trend } from './trend.js';

const $ = (id) => document.getElementById(id);
const STATE_TEXT = { connecting: 'connecting', live: 'live', stale: 'stale', reconnecting: 'reconnecting', failed: 'offline' };

async function start() {
  const me = await session();
  if (me.user.role === 'store-manager') {
    location.replace(me.home);
    return;
  }
  account($('account'), me);
  const sites = await getJson('/api/sites');
  const wanted = new URLSearchParams(location.search).get('site');
  const chosen = wanted ?? sites[0]?.id;
  if (!chosen) throw new Error('this server has no sites configured');
  const site = await getJson(`/api/sites/${encodeURIComponent(chosen)}`);

  document.title = `${site.name} · footfall`;
  $('site-name').textContent = site.name;
  drawLegend($('legend'));
  const plans = new FloorPlans(site, { floorsEl: $('floors'), tabsEl: $('floor-tabs'), tooltipEl: $('tooltip') });
  const trend = new Trend($('trend-chart'), site.timezone);
  const header = new Header(site);
  const devices = new Map();
  const alerts = new Alerts($('alerts'), $('alert-count'), site);
  alerts.load();
  new SensorHealth($('sensor-summary'), plans, site).start();

  const apply = (frame) => {
    for (const [id, n] of Object.entries(frame.zones)) devices.set(id, n);
    plans.update(frame.zones);
    header.update(frame, devices);
    trend.add(frame.watermark, frame.totals.devices);
  };

  connectLive(site.id, {
    onSnapshot: (frame) => {
      devices.clear();
      apply(frame);
    },
    onUpdate: apply,
    onAlert: (frame) => alerts.receive(frame),
    // alerts raised while the page was away come back with the list, as the zones come back with the snapshot
    onReconnect: () => alerts.load(),
    onState: (state, detail) => header.connection(state, detail),
  });
}

class Header {
  constructor(site) {
    this.site = site;
    this.zonesById = new Map(site.zones.map((z) => [z.id, z]));
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit',
      second: '2-digit', hour12: false });
  }

  update(frame, devices) {
    $('total').textContent = frame.totals.devices.toLocaleString('en-GB');
    if (frame.watermark != null) {
      const at = new Date(frame.watermark);
      $('clock').textContent = this.clock.format(at);
      $('clock').dateTime = at.toISOString();
    }
    this.busiest(devices);
  }

  busiest(devices) {
    const top = [...devices]
      .filter(([id, n]) => n > 0 && this.zonesById.has(id))
      .map(([id, n]) => ({ zone: this.zonesById.get(id), devices: n, ratio: n / this.zonesById.get(id).capacity }))
      .sort((a, b) => b.ratio - a.ratio || b.devices - a.devices)
      .slice(0, 5);
    const items = top.map(({ zone, devices: n, ratio }) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = zone.name;
      const figures = document.createElement('span');
      figures.className = 'figures';
      figures.textContent = `${n} · ${Math.round(ratio * 100)}%`;
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.width = `${Math.min(100, ratio * 100)}%`;
      fill.style.background = colourFor(ratio);
      li.append(name, figures, fill);
      return li;
    });
    $('busiest').replaceChildren(...items);
  }

  connection(state, detail) {
    $('connection').dataset.state = state;
    $('connection-text').textContent = STATE_TEXT[state] ?? state;
    $('connection').title = detail || '';
  }
}

start().catch((error) => {
  if (error.status === 401) return;
  $('fatal').textContent = `Cannot show the dashboard: ${error.message}`;
  $('fatal').hidden = false;
});
