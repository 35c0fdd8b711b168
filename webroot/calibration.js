// Headcount calibration (/calibration), for the control room and admins: add a count (zone, period, people), see
// the fitted model with its error and the counts behind it, and (admins) delete a wrong count. Everything goes
// through the calibration API (docs/estimation.md); the page only shows what it answers.
import { account, ApiError, getJson, postJson, sendJson, session } from './api.js';

const $ = (id) => document.getElementById(id);
const HOUR_MS = 3_600_000;

async function start() {
  const me = await session();
  account($('account'), me);
  const siteId = new URLSearchParams(location.search).get('site') ?? me.user.sites[0]
    ?? (await getJson('/api/sites'))[0]?.id;
  const site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`);
  $('site-name').textContent = site.name;
  const page = new Calibration(site, me.user.role === 'admin');
  page.form();
  await page.refresh();
}

class Calibration {
  constructor(site, admin) {
    Object.assign(this, { site, admin });
    this.api = (path) => `/api/sites/${encodeURIComponent(site.id)}/calibration${path}`;
    this.names = new Map(site.zones.map((z) => [z.id, z.name]));
    this.when = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, day: 'numeric', month: 'short',
      hour: '2-digit', minute: '2-digit', hour12: false });
  }

  form() {
    $('zone').replaceChildren(...this.site.zones.map((z) => new Option(z.name, z.id)));
    // the last full hour, as a count is usually entered right after it was made
    const to = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    $('from').value = localInput(to - HOUR_MS);
    $('to').value = localInput(to);
    $('count-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.add();
    });
  }

  async add() {
    const body = { zone: $('zone').value, from: new Date($('from').value).toISOString(),
      to: new Date($('to').value).toISOString(), people: Number($('people').value) };
    $('add').disabled = true;
    try {
      this.show(await postJson(this.api(''), body));
      $('form-message').textContent = `Count of ${body.people} people in ${this.names.get(body.zone)} added; the model is fitted again.`;
      $('form-message').dataset.kind = 'ok';
      await this.counts();
    } catch (error) {
      $('form-message').textContent = error.message;
      $('form-message').dataset.kind = 'error';
    } finally {
      $('add').disabled = false;
    }
  }

  async refresh() {
    this.show(await getJson(this.api('')));
    await this.counts();
  }

  /** The fits: the site-wide one, then each hour band with its own. */
  show(c) {
    const rows = [];
    if (c.siteWide) rows.push(['every hour', c.siteWide]);
    for (const band of c.hourBands ?? []) rows.push([`${String(band.hour).padStart(2, '0')}:00–${String((band.hour + 1) % 24).padStart(2, '0')}:00`, band]);
    $('fits').tBodies[0].replaceChildren(...(rows.length ? rows.map(([label, f]) => row(label, f.factor.toFixed(2),
      f.backgroundDevices.toFixed(1), f.exponent.toFixed(2), String(f.points),
      // one count is matched exactly: an error of 0 would claim a precision nobody measured
      f.mape == null || f.points < 2 ? 'unknown (needs 2 counts)' : `±${Math.round(f.mape * 100)}%`,
      f.cvRmse == null ? '–' : `±${f.cvRmse.toFixed(1)}`))
      : [empty(7, 'Not calibrated: no headcount yet, so one device counts as one person.')]));
    $('fit-note').textContent = c.note ?? '';
    $('fits').dataset.calibrated = String(Boolean(c.calibrated));
  }

  /** The stored counts, which the server shows admins only (the control room adds counts, an admin corrects them). */
  async counts() {
    if (!this.admin) {
      $('counts').hidden = true;
      $('counts-note').textContent = 'The counts themselves, and deleting a wrong one, are for admins.';
      return;
    }
    try {
      const { counts } = await getJson(this.api('/counts'));
      $('counts').tBodies[0].replaceChildren(...(counts.length ? counts.map((c) => {
        const tr = row(this.names.get(c.zone) ?? c.zone,
          `${this.when.format(new Date(c.from))} – ${this.when.format(new Date(c.to))}`, fmt(c.people),
          c.devices == null ? '–' : fmt(Math.round(c.devices * 10) / 10), this.when.format(new Date(c.createdAt)));
        const td = document.createElement('td');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'delete';
        button.textContent = 'Delete';
        button.addEventListener('click', () => this.remove(c, button));
        td.append(button);
        tr.append(td);
        tr.dataset.id = c.id;
        return tr;
      }) : [empty(6, 'No counts yet.')]));
      $('counts-note').textContent = '';
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) throw error;
      $('counts-note').textContent = `Counts: ${error.message}`;
    }
  }

  async remove(count, button) {
    button.disabled = true;
    try {
      this.show(await sendJson('DELETE', this.api(`/counts/${encodeURIComponent(count.id)}`)));
      await this.counts();
    } catch (error) {
      button.disabled = false;
      $('counts-note').textContent = error.message;
    }
  }
}

function row(...cells) {
  const tr = document.createElement('tr');
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function empty(columns, text) {
  const tr = document.createElement('tr');
  const td = document.createElement('td');
  td.colSpan = columns;
  td.className = 'quiet';
  td.textContent = text;
  tr.append(td);
  return tr;
}

/** The browser's local wall time for a datetime-local input, which has no zone. */
function localInput(at) {
  const d = new Date(at);
  return new Date(at - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function fmt(n) {
  return Number(n).toLocaleString('en-GB');
}

start().catch((error) => {
  if (error.status === 401) return;
  $('fatal').textContent = `Cannot show the calibration: ${error.message}`;
  $('fatal').hidden = false;
});
