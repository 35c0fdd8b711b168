// Talking to the footfall API from the pages: the session (who is logged in and the CSRF token), JSON reads that
// send the browser to the login page when the session has ended, and CSRF-protected writes.
let csrf = null;

/** Thrown for an answer that is not 2xx; `status` 404 means the endpoint is not available on this server. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function toLogin() {
  location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
}

export async function session() {
  const s = await getJson('/api/session');
  csrf = s.csrf;
  return s;
}

export async function getJson(path) {
  return send(path, { headers: { Accept: 'application/json' } });
}

export async function postJson(path, body = {}) {
  return sendJson('POST', path, body);
}

/** A CSRF-protected write with any method (POST, PUT, DELETE) and an optional JSON body. */
export async function sendJson(method, path, body) {
  return send(path, { method, headers: { Accept: 'application/json', 'Content-Type': 'application/json',
    'X-CSRF-Token': csrf ?? '' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function send(path, init) {
  const response = await fetch(path, { ...init, credentials: 'same-origin' });
  if (response.status === 401) {
    toLogin();
    throw new ApiError(401, 'login required');
  }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error ?? `${path}: HTTP ${response.status}`);
  return body;
}

/** Fills the account area: the user's name, links to the views their role may use, and a logout button. */
export function account(el, s) {
  const name = document.createElement('span');
  name.className = 'who';
  name.textContent = `${s.user.name} · ${s.user.role}`;
  const links = s.user.role === 'store-manager'
    ? [...s.user.zones.map((z) => [`/store/${encodeURIComponent(z)}`, 'My store']),
      ['/decisions.html', 'Before and after']]
    : [['/', 'Control room'], ['/history', 'History'], ['/calibration', 'Calibration'], ['/decisions.html', 'Decisions']];
  const nav = links.map(([href, text]) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  });
  const out = document.createElement('button');
  out.type = 'button';
  out.id = 'logout';
  out.textContent = 'Log out';
  out.addEventListener('click', async () => {
    await postJson('/api/logout').catch(() => {});
    location.assign('/login.html');
  });
  el.replaceChildren(name, ...nav, out);
}

/** A panel's content when its endpoint is not on this server yet (HTTP 404). */
export function notAvailable(el, what) {
  const p = document.createElement('p');
  p.className = 'not-available';
  p.textContent = `${what}: not available yet on this server.`;
  el.replaceChildren(p);
}
