// Sensor health in the control room: polls GET /api/sites/{site}/sensors, colours the sensor dots on the floor
// plans (online, offline, never heard), summarises the counts and says how many sensors had data refused.
import { ApiError, getJson, notAvailable } from './api.js';

const POLL_MS = 15_000;

export class SensorHealth {
  constructor(summaryEl, plans, site) {
    this.summaryEl = summaryEl;
    this.plans = plans;
    this.site = site;
    this.timer = null;
  }

  start() {
    if (this.timer) return;
    this.refresh();
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  async refresh() {
    try {
      const { sensors } = await getJson(`/api/sites/${encodeURIComponent(this.site.id)}/sensors`);
      this.plans.sensorHealth(sensors);
      const online = sensors.filter((s) => s.online === true).length;
      const offline = sensors.filter((s) => s.online === false).length;
      const unknown = sensors.length - online - offline;
      const refusing = sensors.filter((s) => refused(s) > 0).length;
      const parts = [[online, 'online', 'ok'], [offline, 'offline', 'bad'], [unknown, 'not heard', 'muted'],
        [refusing, 'with refused data', 'bad']]
        .filter(([n]) => n > 0)
        .map(([n, text, cls]) => {
          const span = document.createElement('span');
          span.className = `sensor-count ${cls}`;
          span.textContent = `${n} ${text}`;
          return span;
        });
      this.summaryEl.replaceChildren(...parts);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        notAvailable(this.summaryEl, 'Sensor health');
        clearInterval(this.timer);
      }
    }
  }
}

/** Batches and sightings of a sensor that this node refused (bad payloads, limits, opt-outs). */
export function refused(sensor) {
  return Object.values(sensor.counters?.rejected ?? {}).reduce((sum, n) => sum + n, 0);
}
