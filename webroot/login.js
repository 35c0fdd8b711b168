// The login form: posts JSON to /api/login, then goes back where the user was headed (same-site paths only).
const $ = (id) => document.getElementById(id);

function destination(home) {
  const next = new URLSearchParams(location.search).get('next');
  // only a local path: never an open redirect to another site
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : home;
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('submit').disabled = true;
  $('message').hidden = true;
  try {
    const response = await fetch('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name: $('name').value.trim(), password: $('password').value }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const wait = Number(response.headers.get('Retry-After')) || 1;
      // the wait starts at a second and doubles with each failure, so short ones are shown in seconds
      const later = wait < 60 ? `${wait} s` : `${Math.ceil(wait / 60)} min`;
      throw new Error(response.status === 429 ? `Too many failed logins from here: try again in ${later}.`
        : body.error ?? `HTTP ${response.status}`);
    }
    location.assign(destination(body.home));
  } catch (error) {
    $('message').textContent = error.message;
    $('message').hidden = false;
    $('password').value = '';
  } finally {
    $('submit').disabled = false;
  }
});
