// footfall control room: loads the site, draws its floors (occupancy or heat), keeps them live from the /live
// WebSocket, and shows the site totals against last week, the flows between zones, alerts and sensor health.
// Store managers are sent to their store's page. Made to run for days on a wall: every chart, timer and listener
// is created once, every series is bounded, and stale data is shown as such.
import { Alerts } from './alerts.js';
import { account, getJson, session } from './api.js';
import { FloorPlans } from './floorplan.js';
import { Flows } from './flows.js';
import { drawHeatLegend, HeatLayer } from './heat.js';
import { connectLive } from './live.js';
import { colourFor, drawLegend } from './scale.js';
import { SensorHealth } from './sensors.js';
import { SiteTrend, Totals } from './totals.js';

const $ = (id) => document.getElementById(id);
const STATE_TEXT = { connecting: 'connecting', live: 'live', stale: 'stale', reconnecting: 'reconnecting', failed: 'offline' };
const HEAT_KEY = 'footfall.heat';

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
  const plans = new FloorPlans(site, { floorsEl: $('floors'), tabsEl: $('floor-tabs'), tooltipEl: $('tooltip') });
  const heat = new HeatLayer(plans.heatFloors(), site.sensors);
  const totals = new Totals(site);
  totals.loadCalibration();
  setInterval(() => totals.loadCalibration(), 10 * 60_000);
  const trend = new SiteTrend($('trend-chart'), site, totals);
  const header = new Header(site);
  const devices = new Map();
  const alerts = new Alerts($('alerts'), $('alert-count'), site);
  alerts.load();
  new SensorHealth($('sensor-summary'), plans, site).start();
  const flows = new Flows({ chartEl: $('flows-chart'), noteEl: $('flows-note'),
    buttons: [...document.querySelectorAll('.segmented button')] }, site);
  flows.start();
  heatToggle(plans, heat);

  const apply = (frame) => {
    for (const [id, n] of Object.entries(frame.zones)) devices.set(id, n);
    plans.updateEstimates(frame.estimates);
    plans.update(frame.zones);
    heat.update(devices);
    header.update(frame, devices);
    totals.update(frame);
    trend.add(frame);
    alerts.peoplePerDevice = frame.totals?.calibrationFactor ?? alerts.peoplePerDevice;
  };

  connectLive(site.id, {
    onSnapshot: (frame) => {
      devices.clear();
      apply(frame);
    },
    onUpdate: apply,
    onAlert: (frame) => alerts.receive(frame),
    // alerts raised while the page was away come back with the list, as the zones come back with the snapshot
    onReconnect: () => {
      alerts.load();
      flows.refresh();
      trend.reload();
    },
    onState: (state, detail) => header.connection(state, detail),
  });
}

/**
 * The heat layer's switch: off by default, on with ?heat=1 in the address (for a wall that nobody clicks), and
 * remembered in this browser once switched.
 */
function heatToggle(plans, heat) {
  const button = $('heat-toggle');
  const asked = new URLSearchParams(location.search).get('heat');
  const set = (on) => {
    button.setAttribute('aria-pressed', String(on));
    plans.showHeat(on);
    heat.show(on);
    $('legend-title').textContent = on ? 'Heat (device density vs a full zone)' : 'Occupancy (devices / capacity)';
    if (on) drawHeatLegend($('legend'));
    else drawLegend($('legend'));
  };
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    localStorage.setItem(HEAT_KEY, on ? 'on' : 'off');
    set(on);
  });
  set(asked != null ? asked === '1' || asked === 'on' : localStorage.getItem(HEAT_KEY) === 'on');
}

class Header {
  constructor(site) {
    this.site = site;
    this.lastFrameAt = Date.now();
    this.state = 'connecting';
    this.lastClock = null;
    // one timer for the page's life: says how old the figures are while they are not live
    setInterval(() => this.staleness(), 1_000);
    this.zonesById = new Map(site.zones.map((z) => [z.id, z]));
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit',
      second: '2-digit', hour12: false });
  }

  update(frame, devices) {
    this.lastFrameAt = Date.now();
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
    this.state = state;
    $('connection').dataset.state = state;
    $('connection-text').textContent = STATE_TEXT[state] ?? state;
    $('connection').title = detail || '';
    document.body.dataset.live = state;
    this.staleness();
  }

  /** While the figures are not live, a banner over the plans says so and how old they are. */
  staleness() {
    const banner = $('stale-banner');
    if (this.state === 'live' || this.state === 'connecting') {
      banner.hidden = true;
      return;
    }
    const seconds = Math.round((Date.now() - this.lastFrameAt) / 1000);
    const age = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
    const why = { stale: 'no new data', reconnecting: 'connection lost, reconnecting', failed: 'the server refused this site' };
    banner.textContent = `${why[this.state] ?? this.state} · figures are ${age} old`;
    banner.hidden = false;
  }
}

start().catch((error) => {
  if (error.status === 401) return;
  $('fatal').textContent = `Cannot show the dashboard: ${error.message}`;
  $('fatal').hidden = false;
});
