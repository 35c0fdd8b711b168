// The control room's flows: a Sankey of the main zone-to-zone movements in the last 15 minutes or the last hour of
// event time, from GET /api/sites/{site}/flows/recent?minutes= (live from the engine; the stored flows are hourly).
// Origins on the left and destinations on the right are separate nodes, so that A->B and B->A never make the
// cycle ECharts' Sankey refuses. Cells under the k-anonymity floor come back without a figure: they are not drawn,
// and the caption says how many there were. On a wall the two windows alternate every 30 s until someone picks one.
// Each zone keeps its colour and its place (the site's zone order) from one refresh to the next, and when a refresh
// fails the last flows stay on screen, dimmed, with a plain note instead of the browser's error.
import { ApiError, getJson } from './api.js';
import { PALETTE } from './charts.js';
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

const WINDOWS = [15, 60];
const POLL_MS = 10_000;
const POLL_EMPTY_MS = 5_000;
const ALTERNATE_MS = 30_000;
const MAX_LINKS = 14;
const OUTSIDE = 'outside';

export class Flows {
  constructor({ chartEl, noteEl, buttons }, site) {
    this.site = site;
    this.noteEl = noteEl;
    this.buttons = buttons;
    this.names = new Map(site.zones.map((z) => [z.id, z.name]));
    this.order = new Map(site.zones.map((z, i) => [z.id, i]));
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit',
      hour12: false });
    this.answers = new Map();
    this.minutes = WINDOWS[0];
    this.alternate = true;
    this.chart = echarts.init(chartEl, null, { renderer: 'canvas' });
    new ResizeObserver(() => this.chart.resize()).observe(chartEl);
    for (const button of buttons) {
      button.addEventListener('click', () => {
        this.alternate = false;
        this.select(Number(button.dataset.minutes));
      });
    }
    this.poll = null;
    this.alternating = null;
  }

  start() {
    if (this.alternating) return;
    this.refresh();
    this.alternating = setInterval(() => {
      if (this.alternate) this.select(WINDOWS[(WINDOWS.indexOf(this.minutes) + 1) % WINDOWS.length]);
    }, ALTERNATE_MS);
    this.select(this.minutes);
  }

  select(minutes) {
    this.minutes = minutes;
    for (const b of this.buttons) b.setAttribute('aria-pressed', String(Number(b.dataset.minutes) === minutes));
    this.render();
  }

  /** Asks for both windows now, then again in 10 s (5 s while there is nothing to show yet). */
  async refresh() {
    clearTimeout(this.poll);
    const site = encodeURIComponent(this.site.id);
    await Promise.all(WINDOWS.map(async (minutes) => {
      try {
        this.answers.set(minutes, { ...await getJson(`/api/sites/${site}/flows/recent?minutes=${minutes}`),
          receivedAt: Date.now() });
      } catch (error) {
        const last = this.answers.get(minutes);
        if (error instanceof ApiError && error.status === 404) {
          this.answers.set(minutes, { error: 'live flows: not available on this server' });
        } else if (last?.cells) {
          this.answers.set(minutes, { ...last, stale: true });
        } else {
          this.answers.set(minutes, { error: 'flows: waiting for the server' });
        }
      }
    }));
    this.render();
    const empty = [...this.answers.values()].every((a) => !a.cells?.length);
    clearTimeout(this.poll);
    this.poll = setTimeout(() => this.refresh(), empty ? POLL_EMPTY_MS : POLL_MS);
  }

  render() {
    const answer = this.answers.get(this.minutes);
    if (!answer) return;
    if (answer.error) {
      this.chart.clear();
      this.noteEl.textContent = answer.error;
      return;
    }
    this.chart.getDom().classList.toggle('stale', Boolean(answer.stale));
    const shown = answer.cells.filter((c) => !c.suppressed && c.transitions > 0 && c.from !== c.to)
      .slice(0, MAX_LINKS);
    const suppressed = answer.cells.filter((c) => c.suppressed).length;
    const moves = answer.cells.reduce((sum, c) => sum + (c.transitions ?? 0), 0);
    const drawn = shown.reduce((sum, c) => sum + c.transitions, 0);
    const nodes = new Map();
    // a zone's colour and place follow from its position in the site, not from this refresh's ranking
    const rank = (id) => (id === OUTSIDE ? -1 : this.order.get(id) ?? this.order.size);
    const node = (id, side) => {
      const key = `${side}:${id}`;
      if (!nodes.has(key)) {
        const label = id === OUTSIDE ? (side === 'from' ? 'arrivals' : 'departures') : (this.names.get(id) ?? id);
        nodes.set(key, { name: key, label, depth: side === 'from' ? 0 : 1, rank: rank(id),
          itemStyle: { color: id === OUTSIDE ? '#8ea3b8' : PALETTE[rank(id) % PALETTE.length] } });
      }
      return key;
    };
    const links = shown.map((c) => ({ source: node(c.from, 'from'), target: node(c.to, 'to'), value: c.transitions }));
    const data = [...nodes.values()].sort((a, b) => a.depth - b.depth || a.rank - b.rank)
      .map(({ rank: _, ...n }) => n);
    this.chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', renderMode: 'richText', backgroundColor: '#1b2633', borderColor: '#33465c', textStyle: { color: '#e6edf5' },
        formatter: (p) => (p.dataType === 'edge'
          ? `${nodes.get(p.data.source).label} → ${nodes.get(p.data.target).label}: ${p.data.value}`
          : `${p.data.label}: ${p.value}`) },
      series: [{
        // no layout iterations: the nodes stay in the order given, so a refresh does not reshuffle them
        type: 'sankey', left: 4, right: 4, top: 6, bottom: 6, nodeWidth: 14, nodeGap: 6, layoutIterations: 0,
        draggable: false, emphasis: { focus: 'adjacency' },
        data, links,
        // origins are labelled to the right of their bar, destinations to the left, so both stay inside the panel
        levels: [{ depth: 0, label: { position: 'right' } }, { depth: 1, label: { position: 'left' } }],
        label: { color: '#e6edf5', fontSize: 16, formatter: (p) => p.data.label },
        lineStyle: { color: 'gradient', opacity: 0.45, curveness: 0.5 },
      }],
    }, { notMerge: true });
    const window = this.minutes === 60 ? 'last hour' : `last ${this.minutes} minutes`;
    const parts = links.length
      ? [`${window}: the ${links.length} largest of ${answer.cells.length} flows (${drawn} of ${moves} moves)`]
      : [`${window}: no movements${answer.to ? '' : ' yet (no data)'}`];
    if (suppressed) parts.push(`${suppressed} small (under ${answer.kAnonymity} each) hidden for privacy`);
    if (answer.stale) parts.unshift(`no answer from the server: the flows as of ${this.clock.format(new Date(answer.receivedAt))}`);
    this.noteEl.textContent = `${parts.join('; ')}.`;
    this.chart.getDom().dataset.links = String(links.length);
    this.chart.getDom().dataset.moves = String(moves);
  }
}
