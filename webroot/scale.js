// Occupancy colour scale: ratio of devices to capacity -> fill colour. Dark blue when empty, through teal and
// green to amber at three quarters, red when full and magenta when over capacity; readable on a dark wall screen.
const SVG_NS = 'http://www.w3.org/2000/svg';

export const STOPS = [
  [0.0, [18, 50, 74]],
  [0.25, [27, 122, 140]],
  [0.5, [63, 184, 127]],
  [0.75, [242, 193, 78]],
  [1.0, [240, 96, 58]],
  [1.25, [217, 30, 99]],
];

export function colourFor(ratio) {
  const r = Number.isFinite(ratio) ? Math.max(0, ratio) : 0;
  for (let i = 1; i < STOPS.length; i++) {
    const [hi, cHi] = STOPS[i];
    if (r <= hi) {
      const [lo, cLo] = STOPS[i - 1];
      const t = (r - lo) / (hi - lo);
      return rgb(cLo.map((c, k) => c + (cHi[k] - c) * t));
    }
  }
  return rgb(STOPS[STOPS.length - 1][1]);
}

function rgb([r, g, b]) {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** Draws the legend (a gradient bar with percentage ticks) into the given element. */
export function drawLegend(container) {
  const max = STOPS[STOPS.length - 1][0];
  const svg = svgEl('svg', { viewBox: '0 0 100 14', class: 'legend-bar', role: 'img',
    'aria-label': 'Colour scale from empty to over capacity' });
  const defs = svgEl('defs');
  const gradient = svgEl('linearGradient', { id: 'occupancy-gradient', x1: '0', x2: '1', y1: '0', y2: '0' });
  for (const [at, colour] of STOPS) {
    gradient.append(svgEl('stop', { offset: String(at / max), 'stop-color': rgb(colour) }));
  }
  defs.append(gradient);
  svg.append(defs, svgEl('rect', { x: '0', y: '0', width: '100', height: '7', rx: '1', fill: 'url(#occupancy-gradient)' }));
  for (const [at] of STOPS) {
    const x = (at / max) * 100;
    const label = svgEl('text', { x: String(x), y: '13', class: 'legend-tick',
      'text-anchor': at === 0 ? 'start' : at === max ? 'end' : 'middle' });
    label.textContent = at === max ? `≥${at * 100}%` : `${at * 100}%`;
    svg.append(label);
  }
  container.replaceChildren(svg);
}

export function svgEl(name, attributes = {}) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) {
    el.setAttribute(key, value);
  }
  return el;
}
