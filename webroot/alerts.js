// The alerts panel of the control room and of a store's page (docs/alerts.md). Reads the open alerts with GET /api/sites/{site}/alerts, takes
// raised and cleared alerts from the live stream ({"type":"alert",...} frames) at once, with a flash for a new one,
// and acknowledges with POST .../alerts/{id}/ack (the server records the logged-in user and the time).
import { ApiError, getJson, notAvailable, postJson } from './api.js';

const MAX_ALERTS = 50;

export class Alerts {
  /**
   * `canAcknowledge` false for a store manager, whom the server lets read their store's alerts but not acknowledge;
   * `only` a zone id to list that zone's alerts alone (a store's page opened by the control room).
   */
  constructor(el, countEl, site, { canAcknowledge = true, only = null } = {}) {
    this.el = el;
    this.countEl = countEl;
    this.site = site;
    this.canAcknowledge = canAcknowledge;
    this.only = only;
    /** People per device of the latest live frame, to put a capacity alert's devices in people; null until known. */
    this.peoplePerDevice = null;
    this.alerts = new Map();
    this.available = true;
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit',
      hour12: false });
    this.zones = new Map(site.zones.map((z) => [z.id, z.name]));
    this.capacities = new Map(site.zones.map((z) => [z.id, z.capacity]));
  }

  /** Loads the open alerts (again after every reconnect, so that none raised while away is lost). */
  async load() {
    try {
      const body = await getJson(`/api/sites/${encodeURIComponent(this.site.id)}/alerts?state=open`);
      this.alerts.clear();
      for (const alert of [...body.alerts].reverse()) {
        if (this.only == null || alert.subject === this.only) this.put(alert, false);
      }
      this.available = true;
      this.render();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.available = false;
        notAvailable(this.el, 'Alerts');
      } else if (error.status !== 401) {
        this.el.textContent = `Alerts: ${error.message}`;
      }
    }
  }

  /** An alert frame from the live stream: a new alert, or the clearing of one already listed. */
  receive(frame) {
    if (!this.available || (this.only != null && frame.subject !== this.only)) return;
    const known = this.alerts.get(frame.id);
    // the stream does not carry acknowledgements; keep the one this page already knows
    this.put({ ...frame, ackedAt: known?.ackedAt ?? null, ackedBy: known?.ackedBy ?? null },
      frame.state === 'raised' && !known);
    this.render();
  }

  put(alert, fresh) {
    this.alerts.delete(alert.id);
    this.alerts.set(alert.id, { ...alert, fresh });
    while (this.alerts.size > MAX_ALERTS) this.alerts.delete(this.alerts.keys().next().value);
  }

  render() {
    const list = [...this.alerts.values()].reverse();
    const open = list.filter((a) => !cleared(a) && !a.ackedAt).length;
    this.countEl.textContent = open ? String(open) : '';
    this.countEl.hidden = open === 0;
    if (!list.length) {
      const p = document.createElement('p');
      p.className = 'quiet';
      p.textContent = 'No alerts.';
      this.el.replaceChildren(p);
      return;
    }
    this.el.replaceChildren(...list.map((a) => this.item(a)));
  }

  item(alert) {
    const li = document.createElement('div');
    const severity = alert.kind === 'zone-over-capacity' ? 'high' : 'warning';
    li.className = `alert severity-${severity}${alert.fresh ? ' fresh' : ''}${alert.ackedAt ? ' acked' : ''}`
      + `${cleared(alert) ? ' cleared' : ''}`;
    li.dataset.id = alert.id;
    li.setAttribute('role', 'listitem');
    const when = document.createElement('time');
    when.textContent = this.clock.format(new Date(alert.raisedAt));
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = this.describe(alert);
    li.append(when, text);
    if (alert.ackedAt) {
      const by = document.createElement('span');
      by.className = 'ack-by';
      by.textContent = `ack ${alert.ackedBy ?? ''} ${this.clock.format(new Date(alert.ackedAt))}`;
      li.append(by);
    } else if (!cleared(alert) && this.canAcknowledge) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ack';
      button.textContent = 'Acknowledge';
      button.addEventListener('click', () => this.acknowledge(alert, button));
      li.append(button);
    }
    return li;
  }

  describe(alert) {
    const end = cleared(alert) ? ` (cleared ${this.clock.format(new Date(alert.clearedAt))})` : '';
    if (alert.kind === 'zone-over-capacity') {
      const zone = this.zones.get(alert.subject) ?? alert.subject;
      const devices = Math.round(alert.value);
      const people = this.peoplePerDevice == null ? '' : ` ≈ ${Math.round(alert.value * this.peoplePerDevice)} people`;
      const capacity = this.capacities.get(alert.subject) ?? Math.round(alert.threshold);
      return `${zone}: over capacity: ${devices} devices${people}, capacity ${capacity}${end}`;
    }
    if (alert.kind === 'sensor-silent') return `Sensor ${alert.subject} silent${end}`;
    if (alert.kind === 'occupancy-unusual') {
      const zone = this.zones.get(alert.subject) ?? alert.subject;
      const busy = alert.direction !== 'low';
      return `${zone}: unusually ${busy ? 'busy' : 'quiet'} for this time of week, ${Math.round(alert.value)} devices`
        + ` (usually ${busy ? 'at most' : 'at least'} ${Math.round(alert.threshold)})${end}`;
    }
    return `${alert.kind}: ${alert.subject}${end}`;
  }

  async acknowledge(alert, button) {
    button.disabled = true;
    try {
      const updated = await postJson(`/api/sites/${encodeURIComponent(this.site.id)}/alerts/${encodeURIComponent(alert.id)}/ack`);
      this.put({ ...alert, ackedAt: updated.ackedAt, ackedBy: updated.ackedBy }, false);
      this.render();
    } catch (error) {
      button.disabled = false;
      button.title = error.message;
    }
  }
}

function cleared(alert) {
  return alert.state === 'cleared' || alert.clearedAt != null;
}
