// The control room's alerts panel. Reads GET /api/sites/{site}/alerts, takes new alerts from the live stream
// ({"type":"alert",...} frames) at once with a flash, and acknowledges with POST .../alerts/{id}/ack (the server
// records who and when). Field names are read leniently so that small differences in the alerts API still show.
import { ApiError, getJson, notAvailable, postJson } from './api.js';

const MAX_ALERTS = 50;
const pick = (o, ...names) => names.map((n) => n.split('.').reduce((v, k) => v?.[k], o)).find((v) => v != null);

export class Alerts {
  constructor(el, countEl, site) {
    this.el = el;
    this.countEl = countEl;
    this.site = site;
    this.alerts = new Map();
    this.available = true;
    this.clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit',
      hour12: false });
    this.zones = new Map(site.zones.map((z) => [z.id, z.name]));
  }

  /** Loads the current alerts (again after every reconnect, so that none missed while away is lost). */
  async load() {
    try {
      const body = await getJson(`/api/sites/${encodeURIComponent(this.site.id)}/alerts`);
      this.alerts.clear();
      for (const alert of Array.isArray(body) ? body : body.alerts ?? []) this.put(alert, false);
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

  /** An alert frame from the live stream. */
  receive(frame) {
    if (!this.available) return;
    this.put(frame.alert ?? frame, true);
    this.render();
  }

  put(alert, fresh) {
    const id = String(pick(alert, 'id'));
    this.alerts.delete(id);
    this.alerts.set(id, { ...alert, fresh });
    while (this.alerts.size > MAX_ALERTS) this.alerts.delete(this.alerts.keys().next().value);
  }

  render() {
    const list = [...this.alerts.values()].reverse();
    const open = list.filter((a) => !acked(a)).length;
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
    li.className = `alert severity-${pick(alert, 'severity') ?? 'warning'}${alert.fresh ? ' fresh' : ''}${acked(alert) ? ' acked' : ''}`;
    li.dataset.id = String(pick(alert, 'id'));
    li.setAttribute('role', 'listitem');
    const text = document.createElement('span');
    text.className = 'text';
    const zone = pick(alert, 'zone', 'zoneId');
    const what = pick(alert, 'message', 'text', 'title', 'kind', 'type') ?? 'alert';
    text.textContent = zone ? `${this.zones.get(zone) ?? zone}: ${what}` : what;
    const when = document.createElement('time');
    const at = pick(alert, 'raisedAt', 'at', 'since', 'createdAt');
    when.textContent = at != null ? this.clock.format(new Date(at)) : '';
    li.append(when, text);
    if (acked(alert)) {
      const by = document.createElement('span');
      by.className = 'ack-by';
      const ackAt = pick(alert, 'ackedAt', 'acknowledgedAt', 'ack.at');
      by.textContent = `ack ${pick(alert, 'ackedBy', 'acknowledgedBy', 'ack.by') ?? ''} ${ackAt ? this.clock.format(new Date(ackAt)) : ''}`;
      li.append(by);
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ack';
      button.textContent = 'Acknowledge';
      button.addEventListener('click', () => this.acknowledge(alert, button));
      li.append(button);
    }
    return li;
  }

  async acknowledge(alert, button) {
    button.disabled = true;
    try {
      const id = pick(alert, 'id');
      const updated = await postJson(`/api/sites/${encodeURIComponent(this.site.id)}/alerts/${encodeURIComponent(id)}/ack`);
      this.put(updated?.id != null ? updated : { ...alert, ackedAt: Date.now(), ackedBy: 'you' }, false);
      this.render();
    } catch (error) {
      button.disabled = false;
      button.title = error.message;
    }
  }
}

function acked(alert) {
  return pick(alert, 'ackedAt', 'acknowledgedAt', 'ack.at', 'acknowledged') != null
    && pick(alert, 'acknowledged') !== false;
}
