// The heat layer of the floor plans: a smooth map of device density drawn under the zone labels. Each zone's
// devices are spread evenly over its polygon on a grid of about 1 m, the grid is blurred with a Gaussian (so the
// heat flows across zone borders the way a crowd does), and the result is coloured by density against the density
// of a full zone (the site's median capacity per square metre): transparent when empty, through purple and red to
// yellow at full and white beyond. One canvas per floor, reused; the picture goes into the plan's SVG as a PNG.
import { svgEl } from './scale.js';

const MAX_CELLS = 180;
const SIGMA_M = 2.5;
const MIN_INTERVAL_MS = 2_000;

export const HEAT_STOPS = [
  [0.0, [40, 11, 84]],
  [0.25, [120, 28, 109]],
  [0.5, [196, 50, 80]],
  [0.75, [240, 110, 35]],
  [1.0, [250, 196, 40]],
  [1.25, [252, 255, 190]],
];

export class HeatLayer {
  /** @param floors [{floor, zones, image}] where image is the SVG image element of that floor's plan */
  constructor(floors, zonesById) {
    this.floors = floors.map((f) => new FloorHeat(f.floor, f.zones, f.image));
    this.fullDensity = median([...zonesById.values()].map((z) => z.capacity / Math.max(1, area(z.polygon))));
    this.on = false;
    this.dirty = false;
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
    for (const floor of this.floors) floor.draw(this.devices, this.fullDensity);
  }
}

class FloorHeat {
  constructor(floor, zones, image) {
    this.image = image;
    this.cell = Math.max(floor.width, floor.height) / MAX_CELLS;
    this.cols = Math.ceil(floor.width / this.cell);
    this.rows = Math.ceil(floor.height / this.cell);
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.cols;
    this.canvas.height = this.rows;
    this.field = new Float32Array(this.cols * this.rows);
    this.scratch = new Float32Array(this.cols * this.rows);
    this.kernel = gaussian(SIGMA_M / this.cell);
    // the grid cells inside each zone, found once
    this.zoneCells = zones.map((zone) => ({ id: zone.id, cells: this.cellsInside(zone.polygon) }))
      .filter((z) => z.cells.length > 0);
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

  draw(devices, fullDensity) {
    const { field, cols, rows } = this;
    field.fill(0);
    const cellArea = this.cell * this.cell;
    for (const { id, cells } of this.zoneCells) {
      const perCell = (devices.get(id) ?? 0) / (cells.length * cellArea) / fullDensity;
      for (const i of cells) field[i] = perCell;
    }
    blur(field, this.scratch, cols, rows, this.kernel);
    const ctx = this.canvas.getContext('2d');
    const picture = ctx.createImageData(cols, rows);
    for (let i = 0; i < field.length; i++) {
      const v = field[i];
      const [r, g, b] = heatColour(v);
      picture.data[i * 4] = r;
      picture.data[i * 4 + 1] = g;
      picture.data[i * 4 + 2] = b;
      // the faintest heat fades out, so empty floor stays dark
      picture.data[i * 4 + 3] = Math.round(235 * Math.min(1, v / 0.12));
    }
    ctx.putImageData(picture, 0, 0);
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
    'aria-label': 'Heat scale from empty to beyond a full zone' });
  const defs = svgEl('defs');
  const gradient = svgEl('linearGradient', { id: 'heat-gradient', x1: '0', x2: '1', y1: '0', y2: '0' });
  for (const [at, [r, g, b]] of HEAT_STOPS) {
    gradient.append(svgEl('stop', { offset: String(at / max), 'stop-color': `rgb(${r}, ${g}, ${b})` }));
  }
  defs.append(gradient);
  svg.append(defs, svgEl('rect', { x: '0', y: '0', width: '100', height: '7', rx: '1', fill: 'url(#heat-gradient)' }));
  for (const [at, text, anchor] of [[0, 'empty', 'start'], [0.5, 'half', 'middle'], [1, 'full', 'middle'], [max, 'crowded', 'end']]) {
    const label = svgEl('text', { x: String((at / max) * 100), y: '13', class: 'legend-tick', 'text-anchor': anchor });
    label.textContent = text;
    svg.append(label);
  }
  container.replaceChildren(svg);
}

function gaussian(sigma) {
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const weights = [];
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    weights.push(w);
    sum += w;
  }
  return weights.map((w) => w / sum);
}

/** Separable Gaussian blur in place; beyond the edge counts as empty floor. */
function blur(field, scratch, cols, rows, kernel) {
  const radius = (kernel.length - 1) / 2;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const x = c + k;
        if (x >= 0 && x < cols) s += field[r * cols + x] * kernel[k + radius];
      }
      scratch[r * cols + c] = s;
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const y = r + k;
        if (y >= 0 && y < rows) s += scratch[y * cols + c] * kernel[k + radius];
      }
      field[r * cols + c] = s;
    }
  }
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

function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 1;
}
