// Floor plans as inline SVG built with DOM APIs: one panel per floor, zones filled by occupancy, labels with the
// zone name and live device count, sensors as small dots, and a hover/tap tooltip.
import { colourFor, svgEl } from './scale.js';
import { refused } from './sensors.js';

const MARGIN = 1;

export class FloorPlans {
  constructor(site, { floorsEl, tabsEl, tooltipEl }) {
    this.site = site;
    this.floorsEl = floorsEl;
    this.tabsEl = tabsEl;
    this.tooltip = new Tooltip(tooltipEl);
    this.zones = new Map();
    this.floorTotals = new Map();
    this.devices = new Map();
    this.sensorDots = new Map();
    this.sensorState = new Map();
    this.heatImages = [];
    this.estimates = {};
    this.build();
  }

  build() {
    const floors = [...this.site.floors].sort((a, b) => a.level - b.level);
    const panels = floors.map((floor) => this.buildFloor(floor));
    this.floorsEl.replaceChildren(...panels);
    this.floorsEl.dataset.count = String(floors.length);
    const tabs = floors.map((floor, i) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.textContent = floor.name;
      tab.addEventListener('click', () => this.showFloor(i));
      return tab;
    });
    this.tabsEl.replaceChildren(...tabs);
    this.showFloor(0);
  }

  /** On narrow screens only one floor is shown at a time; wide screens show all of them side by side. */
  showFloor(index) {
    [...this.floorsEl.children].forEach((panel, i) => panel.classList.toggle('active', i === index));
    [...this.tabsEl.children].forEach((tab, i) => tab.setAttribute('aria-pressed', String(i === index)));
  }

  buildFloor(floor) {
    const panel = document.createElement('section');
    panel.className = 'floor';
    const heading = document.createElement('h2');
    const name = document.createElement('span');
    name.textContent = floor.name;
    const total = document.createElement('span');
    total.className = 'floor-total';
    total.textContent = '0';
    heading.append(name, total);
    this.floorTotals.set(floor.id, total);

    const svg = svgEl('svg', {
      viewBox: `${-MARGIN} ${-MARGIN} ${floor.width + 2 * MARGIN} ${floor.height + 2 * MARGIN}`,
      preserveAspectRatio: 'xMidYMid meet', class: 'plan', role: 'img', 'aria-label': `Plan of ${floor.name}`,
    });
    svg.append(svgEl('rect', { x: '0', y: '0', width: String(floor.width), height: String(floor.height), class: 'outline' }));
    const zoneLayer = svgEl('g', { class: 'zones' });
    const labelLayer = svgEl('g', { class: 'labels' });
    for (const zone of this.site.zones.filter((z) => z.floor === floor.id)) {
      const { shape, label } = this.buildZone(zone);
      zoneLayer.append(shape);
      labelLayer.append(label);
    }
    const sensorLayer = svgEl('g', { class: 'sensors' });
    for (const sensor of this.site.sensors.filter((s) => s.floor === floor.id)) {
      const dot = svgEl('circle', { cx: String(sensor.x), cy: String(sensor.y), r: '0.55', class: 'sensor' });
      dot.dataset.sensor = sensor.id;
      this.sensorDots.set(sensor.id, dot);
      sensorLayer.append(dot);
    }
    // the heat layer (heat.js) lies over the zones, under the sensors and labels; shown only when switched on
    // cut to the floor's outline (its zones) by a clip path too, so that the edge stays sharp when the grid is scaled
    const clipId = `heat-clip-${this.floorsEl.id}-${floor.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const clip = svgEl('clipPath', { id: clipId });
    for (const zone of this.site.zones.filter((z) => z.floor === floor.id)) {
      clip.append(svgEl('polygon', { points: zone.polygon.map(([x, y]) => `${x},${y}`).join(' ') }));
    }
    const heat = svgEl('image', { x: '0', y: '0', width: String(floor.width), height: String(floor.height),
      preserveAspectRatio: 'none', class: 'heat', 'clip-path': `url(#${clipId})` });
    heat.dataset.floor = floor.id;
    this.heatImages.push({ floor, zones: this.site.zones.filter((z) => z.floor === floor.id), image: heat });
    const defs = svgEl('defs');
    defs.append(clip);
    svg.append(defs, zoneLayer, heat, sensorLayer, labelLayer);
    const frame = document.createElement('div');
    frame.className = 'plan-frame';
    // on the wall the plan is as tall as its width gives it (dashboard.css caps it)
    frame.style.aspectRatio = `${floor.width + 2 * MARGIN} / ${floor.height + 2 * MARGIN}`;
    frame.append(svg);
    panel.append(heading, frame);
    return panel;
  }

  buildZone(zone) {
    const points = zone.polygon.map(([x, y]) => `${x},${y}`).join(' ');
    const shape = svgEl('polygon', { points, class: `zone kind-${zone.kind}`, fill: colourFor(0), tabindex: '0' });
    const box = bounds(zone.polygon);
    const centre = centroid(zone.polygon);
    const label = svgEl('g', { class: 'zone-label' });
    const numberSize = clamp(Math.min(box.h / 2.6, box.w / 3.2), 1.6, 6);
    const name = layoutName(zone.name, box.w * 0.9, Math.min(3, box.h / 5));
    const lineHeight = name.size * 1.1;
    const top = centre.y - (name.lines.length * lineHeight + numberSize) / 2;
    name.lines.forEach((line, i) => {
      const text = svgEl('text', { x: String(centre.x), y: String(top + (i + 0.8) * lineHeight), class: 'zone-name',
        'font-size': name.size.toFixed(2), 'text-anchor': 'middle' });
      text.textContent = line;
      label.append(text);
    });
    const count = svgEl('text', { x: String(centre.x), y: String(top + name.lines.length * lineHeight + numberSize * 0.85),
      class: 'zone-count', 'font-size': numberSize.toFixed(2), 'text-anchor': 'middle' });
    count.textContent = '0';
    count.dataset.zone = zone.id;
    label.append(count);

    const show = (event) => this.tooltip.show(event, this.describe(zone));
    shape.addEventListener('pointerenter', show);
    shape.addEventListener('pointermove', (event) => this.tooltip.move(event));
    shape.addEventListener('pointerleave', () => this.tooltip.hide());
    shape.addEventListener('pointerdown', show);
    shape.addEventListener('focus', () => this.tooltip.showAt(shape.getBoundingClientRect(), this.describe(zone)));
    shape.addEventListener('blur', () => this.tooltip.hide());
    this.zones.set(zone.id, { zone, shape, count });
    return { shape, label };
  }

  /** Applies device counts by zone id; zones not mentioned keep their value. */
  update(devicesByZone) {
    for (const [id, devices] of Object.entries(devicesByZone)) {
      const entry = this.zones.get(id);
      if (!entry) continue;
      this.devices.set(id, devices);
      entry.shape.setAttribute('fill', colourFor(devices / entry.zone.capacity));
      entry.count.textContent = String(devices);
    }
    const perFloor = new Map();
    for (const { zone } of this.zones.values()) {
      perFloor.set(zone.floor, (perFloor.get(zone.floor) ?? 0) + (this.devices.get(zone.id) ?? 0));
    }
    for (const [floor, el] of this.floorTotals) {
      el.textContent = `${perFloor.get(floor) ?? 0} devices`;
    }
    this.tooltip.refresh();
  }

  /** The floors with their zones and the SVG image that holds each floor's heat picture. */
  heatFloors() {
    return this.heatImages;
  }

  /** With the heat layer on, the zones are drawn dark and outlined so that the heat shows through. */
  showHeat(on) {
    this.floorsEl.classList.toggle('heat-on', on);
  }

  /** The engine's estimates per zone (estimated devices with their band and people), as the live frames carry them. */
  updateEstimates(estimates) {
    if (estimates) this.estimates = estimates;
  }

  /** Colours each sensor dot by its state: online, offline or never heard. */
  sensorHealth(sensors) {
    for (const sensor of sensors) {
      const dot = this.sensorDots.get(sensor.id);
      if (!dot) continue;
      const state = sensor.online === true ? 'online' : sensor.online === false ? 'offline' : 'unknown';
      dot.setAttribute('class', `sensor ${state}`);
      this.sensorState.set(sensor.id, { state, at: sensor.lastEventAt, counters: sensor.counters });
    }
    this.tooltip.refresh();
  }

  describe(zone) {
    return () => {
      const devices = this.devices.get(zone.id) ?? 0;
      const estimate = this.estimates[zone.id];
      const rows = [
        ['', zone.name],
        ['kind', zone.kind.replace('-', ' ')],
        ['people (est.)', this.people(devices, estimate)],
        ['devices', String(devices)],
        ['capacity', String(zone.capacity)],
        ['full', `${Math.round((devices / zone.capacity) * 100)}%`],
      ];
      for (const sensor of this.site.sensors.filter((s) => s.zone === zone.id)) {
        const health = this.sensorState.get(sensor.id);
        const since = health?.at ? new Date(health.at).toLocaleTimeString('en-GB', { hour12: false }) : '';
        rows.push([`sensor ${sensor.id}`, health ? `${health.state} ${since}`.trim() : 'unknown']);
        const c = health?.counters;
        if (c) {
          const refusedCount = refused({ counters: c });
          rows.push(['', `${c.batches} batches${refusedCount ? `, ${refusedCount} refused (last: ${c.lastReason})` : ''}`]);
        }
      }
      return rows;
    };
  }

  /**
   * People as the engine estimates them (random MACs linked into devices, times the calibration factor), with the
   * band of estimated devices; without an estimate, about one device per person (most visitors carry one phone;
   * some none, some two).
   */
  people(devices, estimate) {
    if (estimate?.estimatedPeople != null) {
      return `≈ ${Math.round(estimate.estimatedPeople)} (devices ${estimate.low}–${estimate.high})`;
    }
    const factor = this.site.calibration?.peoplePerDevice ?? 1;
    return `≈ ${Math.round(devices * factor)}`;
  }
}

class Tooltip {
  constructor(el) {
    this.el = el;
    this.content = null;
    document.addEventListener('pointerdown', (event) => {
      if (!(event.target instanceof SVGPolygonElement)) this.hide();
    });
  }

  show(event, content) {
    this.content = content;
    this.render();
    this.el.hidden = false;
    this.move(event);
  }

  showAt(rect, content) {
    this.content = content;
    this.render();
    this.el.hidden = false;
    this.place(rect.left + rect.width / 2, rect.top + rect.height / 2);
  }

  move(event) {
    this.place(event.clientX, event.clientY);
  }

  place(x, y) {
    const { width, height } = this.el.getBoundingClientRect();
    const left = x + 16 + width > window.innerWidth ? x - 16 - width : x + 16;
    const top = y + 16 + height > window.innerHeight ? y - 16 - height : y + 16;
    this.el.style.left = `${Math.max(4, left)}px`;
    this.el.style.top = `${Math.max(4, top)}px`;
  }

  hide() {
    this.content = null;
    this.el.hidden = true;
  }

  refresh() {
    if (this.content) this.render();
  }

  render() {
    const rows = this.content();
    const [[, title], ...facts] = rows;
    const heading = document.createElement('strong');
    heading.textContent = title;
    const list = document.createElement('dl');
    for (const [term, value] of facts) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
    this.el.replaceChildren(heading, list);
  }
}

function bounds(polygon) {
  const xs = polygon.map(([x]) => x);
  const ys = polygon.map(([, y]) => y);
  return { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
}

function centroid(polygon) {
  const n = polygon.length;
  return {
    x: polygon.reduce((s, [x]) => s + x, 0) / n,
    y: polygon.reduce((s, [, y]) => s + y, 0) / n,
  };
}

const CHAR_WIDTH = 0.56;
const MIN_NAME_SIZE = 1.3;

/**
 * Lays a zone name out in one or two lines at the largest font size (in metres) that fits the width,
 * shortening it only when even two lines would be too small to read.
 */
function layoutName(name, width, maxSize) {
  const sizeFor = (lines) => Math.min(maxSize, width / (Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH));
  let best = [name];
  const words = name.split(' ');
  for (let i = 1; i < words.length; i++) {
    const split = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    if (sizeFor(split) > sizeFor(best) * 1.25) best = split;
  }
  const size = sizeFor(best);
  if (size >= MIN_NAME_SIZE) return { lines: best, size };
  const chars = Math.max(3, Math.floor(width / (MIN_NAME_SIZE * CHAR_WIDTH)) - 1);
  const lines = best.map((line) => (line.length > chars ? `${line.slice(0, chars).trimEnd()}…` : line));
  return { lines, size: Math.min(maxSize, MIN_NAME_SIZE) };
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}
