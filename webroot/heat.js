// The heat layer of the floor plans: a smooth map of where the devices are, drawn from the sensors' positions.
// The live frames carry devices per zone (the engine puts each device in the zone of the sensor that hears it
// strongest), so each zone's devices are shared evenly among the zone's sensors; a zone without a sensor on the
// plan keeps its share at its centre. Every sensor then spreads its share as a Gaussian blob whose footprint is the
// part of the zone it covers (sigma from the zone's area per sensor), the blobs add up (so neighbouring sensors
// blend into one another, the way a crowd does across a border), and the result is cut to the floor's outline
// (the union of its zones: no heat where there is no floor). It is coloured by density against the density of a
// full zone: transparent when empty, through purple and red to yellow at full and pale yellow beyond. One canvas
// per floor, reused; the picture goes into the plan's SVG as a PNG, nothing is fetched.
import { svgEl } from './scale.js';

const MAX_CELLS = 240;
const MIN_SIGMA_M = 3;
const MAX_SIGMA_M = 14;
const MIN_INTERVAL_MS = 2_000;
/** Below this fraction of a full zone's density the heat fades out, so that empty floor stays dark. */
const FADE_BELOW = 0.08;

export const HEAT_STOPS = [
  [0.0, [40, 11, 84]],
  [0.25, [120, 28, 109]],
  [0.5, [196, 50, 80]],
  [0.75, [240, 110, 35]],
  [1.0, [250, 196, 40]],
  [1.25, [252, 255, 190]],
];

export class HeatLayer {
  /**
   * @param floors [{floor, zones, image}] where image is the SVG image element of that floor's plan
   * @param sensors the site's sensors ({id, floor, x, y, zone})
   */
  constructor(floors, sensors) {
    this.floors = floors.map((f) => new FloorHeat(f.floor, f.zones, sensors.filter((s) => s.floor === f.floor.id),
      f.image));
    this.on = false;
    this.lastDrawAt = 0;
    this.timer = null;
    this.devices = null;
  }

  /** Shows or hides the layer; it is only computed while shown. */
  show(on) {
    this.on = on;
    if (on) this.draw();
  }

  /** New device counts (a Map of zone id to devices); drawn at most every two seconds while shown. */
  update(devices) {
    this.devices = devices;
    if (!this.on) return;
    const wait = this.lastDrawAt + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) this.draw();
    else if (!this.timer) this.timer = setTimeout(() => this.draw(), wait);
  }

  draw() {
    clearTimeout(this.timer);
    this.timer = null;
    this.lastDrawAt = Date.now();
    if (!this.devices) return;
    for (const floor of this.floors) floor.draw(this.devices);
  }
}

/**
 * One floor's heat: a grid of cells of at most MAX_CELLS across, the sources (sensors, or zone centres) with
 * their precomputed kernels, and the mask of cells that lie on the floor.
 */
class FloorHeat {
  constructor(floor, zones, sensors, image) {
    this.image = image;
    this.cell = Math.max(floor.width, floor.height) / MAX_CELLS;
    this.cols = Math.ceil(floor.width / this.cell);
    this.rows = Math.ceil(floor.height / this.cell);
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.cols;
    this.canvas.height = this.rows;
    this.field = new Float32Array(this.cols * this.rows);
    this.mask = new Uint8Array(this.cols * this.rows);
    for (const zone of zones) {
      for (const i of this.cellsInside(zone.polygon)) this.mask[i] = 1;
    }
    this.sources = zones.flatMap((zone) => this.sourcesOf(zone, sensors.filter((s) => s.zone === zone.id)));
    this.picture = this.canvas.getContext('2d').createImageData(this.cols, this.rows);
    this.image.dataset.cols = String(this.cols);
    this.image.dataset.rows = String(this.rows);
  }

  /**
   * Where a zone's devices are drawn: at each of its sensors, or at its centre when it has none on this floor.
   * Each source carries its share of the zone and a kernel normalised so that a full zone peaks at 1.
   */
  sourcesOf(zone, sensors) {
    const points = sensors.length ? sensors.map((s) => [s.x, s.y]) : [centroid(zone.polygon)];
    const areaPer = Math.max(1, area(zone.polygon)) / points.length;
    // a blob with this sigma holds its devices on about the zone's area per sensor
    const sigma = clamp(Math.sqrt(areaPer / (2 * Math.PI)), MIN_SIGMA_M, MAX_SIGMA_M);
    // devices per m2 at the peak per device, as a fraction of the zone's full density (capacity / area)
    const peakPerDevice = (1 / (2 * Math.PI * sigma * sigma)) / (zone.capacity / Math.max(1, area(zone.polygon)));
    return points.map(([x, y]) => ({ zone: zone.id, share: 1 / points.length, ...this.kernel(x, y, sigma, peakPerDevice) }));
  }

  /** The cells a source reaches (within three sigma, on the floor) with their weights. */
  kernel(x, y, sigma, peakPerDevice) {
    const reach = Math.ceil((3 * sigma) / this.cell);
    const c0 = Math.floor(x / this.cell);
    const r0 = Math.floor(y / this.cell);
    const cells = [];
    const weights = [];
    for (let r = Math.max(0, r0 - reach); r <= Math.min(this.rows - 1, r0 + reach); r++) {
      for (let c = Math.max(0, c0 - reach); c <= Math.min(this.cols - 1, c0 + reach); c++) {
        const i = r * this.cols + c;
        if (!this.mask[i]) continue;
        const dx = (c + 0.5) * this.cell - x;
        const dy = (r + 0.5) * this.cell - y;
        const w = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        if (w < 0.011) continue;
        cells.push(i);
        weights.push(w * peakPerDevice);
      }
    }
    return { cells: Int32Array.from(cells), weights: Float32Array.from(weights) };
  }

  cellsInside(polygon) {
    const cells = [];
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) {
        if (inside((c + 0.5) * this.cell, (r + 0.5) * this.cell, polygon)) cells.push(r * this.cols + c);
      }
    }
    return cells;
  }

  draw(devices) {
    const { field, picture } = this;
    field.fill(0);
    for (const { zone, share, cells, weights } of this.sources) {
      const n = (devices.get(zone) ?? 0) * share;
      if (n <= 0) continue;
      for (let k = 0; k < cells.length; k++) field[cells[k]] += n * weights[k];
    }
    const data = picture.data;
    for (let i = 0; i < field.length; i++) {
      const v = field[i];
      const [r, g, b] = heatColour(v);
      data[i * 4] = r;
      data[i * 4 + 1] = g;
      data[i * 4 + 2] = b;
      data[i * 4 + 3] = this.mask[i] ? Math.round(235 * Math.min(1, v / FADE_BELOW)) : 0;
    }
    this.canvas.getContext('2d').putImageData(picture, 0, 0);
    this.image.setAttribute('href', this.canvas.toDataURL('image/png'));
  }
}

export function heatColour(value) {
  const v = Math.max(0, value);
  for (let i = 1; i < HEAT_STOPS.length; i++) {
    const [hi, cHi] = HEAT_STOPS[i];
    if (v <= hi) {
      const [lo, cLo] = HEAT_STOPS[i - 1];
      const t = (v - lo) / (hi - lo);
      return cLo.map((c, k) => Math.round(c + (cHi[k] - c) * t));
    }
  }
  return HEAT_STOPS[HEAT_STOPS.length - 1][1];
}

/** The heat legend: the same scale as the layer, from empty to beyond the density of a full zone. */
export function drawHeatLegend(container) {
  const max = HEAT_STOPS[HEAT_STOPS.length - 1][0];
  const svg = svgEl('svg', { viewBox: '0 0 100 14', class: 'legend-bar', role: 'img',
    'aria-label': 'Heat scale: device density from empty to beyond that of a full zone' });
  const defs = svgEl('defs');
  const gradient = svgEl('linearGradient', { id: 'heat-gradient', x1: '0', x2: '1', y1: '0', y2: '0' });
  for (const [at, [r, g, b]] of HEAT_STOPS) {
    const opacity = Math.min(1, at / FADE_BELOW) * (235 / 255);
    gradient.append(svgEl('stop', { offset: String(at / max), 'stop-color': `rgb(${r}, ${g}, ${b})`,
      'stop-opacity': opacity.toFixed(2) }));
  }
  defs.append(gradient);
  svg.append(defs, svgEl('rect', { x: '0', y: '0', width: '100', height: '7', rx: '1', class: 'heat-legend-floor' }),
    svgEl('rect', { x: '0', y: '0', width: '100', height: '7', rx: '1', fill: 'url(#heat-gradient)' }));
  for (const [at, text, anchor] of [[0, 'empty', 'start'], [0.5, 'half full', 'middle'], [1, 'full', 'middle'],
    [max, 'crowded', 'end']]) {
    const label = svgEl('text', { x: String((at / max) * 100), y: '13', class: 'legend-tick', 'text-anchor': anchor });
    label.textContent = text;
    svg.append(label);
  }
  container.replaceChildren(svg);
}

function inside(x, y, polygon) {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

function area(polygon) {
  let twice = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    twice += polygon[j][0] * polygon[i][1] - polygon[i][0] * polygon[j][1];
  }
  return Math.abs(twice) / 2;
}

function centroid(polygon) {
  const n = polygon.length;
  return [polygon.reduce((s, [x]) => s + x, 0) / n, polygon.reduce((s, [, y]) => s + y, 0) / n];
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}
