// Site totals of the control room: estimated people now with the band of the device estimate, devices, visitors
// today (all from the live frames, docs/estimation.md), and today against the same weekday last week: people on
// site through the day (minute snapshots from GET /api/sites/{site}/estimates, 5-minute means, with the live frames
// appended) and visitors so far against visitors by the same time last week (GET /api/sites/{site}/stores).
// "Today" is the day of the event time (the watermark), so a replayed or simulated day compares like a live one.
import { getJson } from './api.js';
import { chart, localMidnight } from './charts.js';

const $ = (id) => document.getElementById(id);
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const BUCKET_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const LIVE_RESOLUTION_MS = 5_000;
const LIVE_WINDOW_MS = 30 * 60_000;
const REFRESH_MS = 120_000;
const fmt = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-GB'));
/** A bound of people estimated through a calibration, rounded to what it can tell: tens from 200 on, fives from 50. */
const roughly = (n) => fmt(n >= 200 ? Math.round(n / 10) * 10 : n >= 50 ? Math.round(n / 5) * 5 : n);

export class Totals {
  constructor(site) {
    this.site = site;
    this.weekday = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, weekday: 'long' });
    this.visitorsToday = null;
    this.visitorsLastWeek = null;
    /** The site-wide fit's mean error over its headcounts (0.12 = 12 %), null while the site is not calibrated. */
    this.calibrationError = null;
  }

  /** The calibration's error, for the band: asked again now and then, since counts are added through the day. */
  async loadCalibration() {
    try {
      const c = await getJson(`/api/sites/${encodeURIComponent(this.site.id)}/calibration`);
      // a fit to a single count matches it exactly: its error says nothing, so the band stays of devices
      this.calibrationError = c.calibrated && c.siteWide?.points >= 2 ? (c.siteWide.mape ?? null) : null;
    } catch {
      // a role without the calibration API (or a server without it) keeps the band of the devices only
      this.calibrationError = null;
    }
  }

  /** The figures of a live frame (snapshot or update: both carry the whole totals and today's site figures). */
  update(frame) {
    const t = frame.totals ?? {};
    const factor = t.calibrationFactor;
    const people = t.estimatedPeople ?? t.devices;
    $('people').textContent = fmt(people);
    if (t.estimatedLow != null && t.estimatedHigh != null && factor != null) {
      // the band holds both uncertainties: the address linking's (low..high devices) and the calibration's error
      // over its counts; without counts the people per device are unknown, and the band says devices only
      const error = this.calibrationError;
      $('people-band').textContent = error == null
        ? `between ${fmt(t.estimatedLow)} and ${fmt(t.estimatedHigh)} devices; `
          + (factor === 1 ? 'people not counted yet' : 'calibration error unknown (fewer than 2 counts)')
        : `between ${roughly(t.estimatedLow * factor * (1 - error))} and ${roughly(t.estimatedHigh * factor * (1 + error))}`
          + ` (calibration error ±${Math.round(error * 100)}%)`;
    } else {
      $('people-band').textContent = 'no estimate yet: one device counted as one person';
    }
    $('people-factor').textContent = factor == null || factor === 1
      ? 'not calibrated: 1 device ≈ 1 person'
      : `${factor.toFixed(2)} people per device (calibrated)`;
    $('total').textContent = fmt(t.devices);
    const site = frame.stores?.[''];
    if (site) {
      this.visitorsToday = site.visitors;
      $('visitors-today').textContent = fmt(site.visitors);
      // the site's visitors are trips of at least 5 minutes by any phone; shorter trips are only followed for
      // phones with a fixed address
      $('passers-today').textContent = `on site 5 min or more, any phone · ${fmt(site.passersBy)} shorter trips `
        + '(fixed addresses)';
    }
    this.compare();
  }

  /** Visitors last week by this time of day, from the stored store figures; null when none were stored. */
  lastWeek(visitors, day) {
    this.visitorsLastWeek = visitors;
    this.lastWeekDay = this.weekday.format(new Date(day));
    this.compare();
  }

  compare() {
    const el = $('versus');
    if (this.visitorsLastWeek == null || this.visitorsToday == null) {
      el.textContent = this.lastWeekDay ? `no visitors stored for last ${this.lastWeekDay}` : '';
      el.dataset.trend = 'none';
      return;
    }
    const before = this.visitorsLastWeek;
    const change = before > 0 ? (this.visitorsToday - before) / before : null;
    el.dataset.trend = change == null ? 'none' : change >= 0 ? 'up' : 'down';
    el.textContent = change == null
      ? `last ${this.lastWeekDay} by now: ${fmt(before)}`
      : `${change >= 0 ? '▲' : '▼'} ${Math.abs(Math.round(change * 100))}% vs last ${this.lastWeekDay} (${fmt(before)} by now)`;
  }
}

/** People on site today (stored minutes, then the live frames) against the same weekday last week. */
export class SiteTrend {
  constructor(el, site, totals) {
    this.site = site;
    this.totals = totals;
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit',
      hour12: false });
    this.today = [];
    this.lastWeek = [];
    this.live = [];
    this.day = null;
    this.storedUntil = -Infinity;
    this.fetchedAt = 0;
    this.fetching = false;
    this.chart = chart(el, {
      legend: { top: 0, right: 10, textStyle: { color: '#e6edf5', fontSize: 14 } },
      grid: { left: 56, right: 16, top: 30, bottom: 28 },
      tooltip: { trigger: 'axis', renderMode: 'richText', backgroundColor: '#1b2633', borderColor: '#33465c', textStyle: { color: '#e6edf5' },
        valueFormatter: (v) => fmt(v) },
      xAxis: { type: 'time', minInterval: 5 * 60_000, axisLabel: { color: '#8ea3b8', fontSize: 14, formatter: (v) => this.clock.format(new Date(v)) } },
      yAxis: { type: 'value', axisLabel: { color: '#8ea3b8', fontSize: 14 } },
      series: [
        { type: 'line', name: 'today', showSymbol: false, data: [], lineStyle: { color: '#4fd1c5', width: 3 },
          itemStyle: { color: '#4fd1c5' }, areaStyle: { color: 'rgba(79, 209, 197, 0.12)' } },
        { type: 'line', name: 'same weekday last week', showSymbol: false, data: [],
          lineStyle: { color: '#f2c14e', width: 2, type: 'dashed' }, itemStyle: { color: '#f2c14e' } },
      ],
    });
  }

  /** A live frame: one more point of today's line, and a reload of the stored days when due. */
  add(frame) {
    const at = frame.watermark;
    if (at == null) return;
    const value = frame.totals.estimatedPeople ?? frame.totals.devices;
    const last = this.live[this.live.length - 1];
    const beforeLast = this.live[this.live.length - 2];
    if (last && at < last[0]) {
      this.live = []; // event time went back (a restarted demo): the old line no longer fits the clock
    } else if (beforeLast && at - beforeLast[0] < LIVE_RESOLUTION_MS) {
      this.live.pop();
    }
    this.live.push([at, value]);
    while (this.live.length && this.live[0][0] < at - LIVE_WINDOW_MS) this.live.shift();
    const day = localMidnight(this.site.timezone, 0, at);
    if (day !== this.day || Date.now() - this.fetchedAt > REFRESH_MS) this.load(day, at);
    this.draw();
  }

  /** Reloads the stored days (after a reconnect the page may have missed a day change). */
  reload() {
    this.fetchedAt = 0;
  }

  async load(day, at) {
    if (this.fetching) return;
    this.fetching = true;
    this.fetchedAt = Date.now();
    const site = encodeURIComponent(this.site.id);
    const range = (from, to) => `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    try {
      const [today, lastWeek, stores] = await Promise.all([
        getJson(`/api/sites/${site}/estimates?zone=*&resolution=minute&${range(day, at + 60_000)}`),
        day === this.day ? null : getJson(`/api/sites/${site}/estimates?zone=*&resolution=minute&${range(day - WEEK_MS, day - WEEK_MS + DAY_MS)}`),
        getJson(`/api/sites/${site}/stores?${range(day - WEEK_MS, at - WEEK_MS)}`).catch(() => null),
      ]);
      this.today = buckets(today.rows, 0);
      this.storedUntil = today.rows.reduce((latest, row) => Math.max(latest, Date.parse(row.start) + 60_000), -Infinity);
      if (lastWeek) this.lastWeek = buckets(lastWeek.rows, WEEK_MS);
      this.day = day;
      const visitors = stores?.total && (stores.total.visitors > 0 || stores.total.passersBy > 0) ? stores.total.visitors : null;
      this.totals.lastWeek(visitors, day - WEEK_MS);
    } catch {
      // stays with what it has; the next frame after REFRESH_MS tries again
    } finally {
      this.fetching = false;
    }
    this.draw();
  }

  draw() {
    // the live frames take over where the stored minutes end
    const line = this.today.concat(this.live.filter(([at]) => at > this.storedUntil));
    // the hours that have data on either day, at least one, so the axis reads as a day's opening hours
    const times = [line[0]?.[0], line[line.length - 1]?.[0], this.lastWeek[0]?.[0],
      this.lastWeek[this.lastWeek.length - 1]?.[0]].filter((t) => t != null);
    const min = times.length ? Math.floor(Math.min(...times) / HOUR_MS) * HOUR_MS : undefined;
    const max = times.length ? Math.max(min + HOUR_MS, Math.ceil(Math.max(...times) / HOUR_MS) * HOUR_MS) : undefined;
    this.chart.setOption({ xAxis: { min, max }, series: [{ data: line }, { data: this.lastWeek }] });
  }
}

/** 5-minute means of a day's minute rows (people, or devices where no estimate was stored), shifted by `shift` ms. */
function buckets(rows, shift) {
  const sums = new Map();
  for (const row of rows) {
    const at = Date.parse(row.start);
    const key = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    const value = row.estimatedPeople ?? row.estimatedDevices ?? row.devices;
    const [sum, n] = sums.get(key) ?? [0, 0];
    sums.set(key, [sum + value, n + 1]);
  }
  return [...sums].sort((a, b) => a[0] - b[0]).map(([at, [sum, n]]) => [at + shift, Math.round((sum / n) * 10) / 10]);
}
