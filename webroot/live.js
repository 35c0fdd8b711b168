// The /live WebSocket: snapshot on (re)connect, coalesced updates after, alert frames when the server raises one.
// Reconnects with capped exponential backoff and jitter, also when the socket stays silent for a minute; reports
// 'connecting', 'live', 'stale' (open but nothing for over 10 s), 'reconnecting' and 'failed' (the server refused
// the site, so retrying cannot help). When the session has ended (close code 4401, or a refused upgrade while
// /api/session says 401) it goes to the login page.
import { toLogin } from './api.js';

const STALE_AFTER_MS = 10_000;
// a socket silent this long may be half-open (a network drop without a close): it is closed and opened again,
// which costs one snapshot when it was merely quiet
const RECONNECT_SILENT_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

export function connectLive(siteId, { onSnapshot, onUpdate, onState, onAlert = () => {}, onReconnect = () => {} }) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}/live?site=${encodeURIComponent(siteId)}`;
  let attempt = 0;
  let socket = null;
  let lastMessageAt = 0;
  let state = null;
  let reconnecting = false;

  const setState = (next, detail = '') => {
    if (next !== state) {
      state = next;
      onState(next, detail);
    }
  };

  const open = () => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      attempt = 0;
      lastMessageAt = Date.now();
    });
    socket.addEventListener('message', (event) => {
      lastMessageAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'snapshot') {
        onSnapshot(frame);
        if (reconnecting) onReconnect();
        reconnecting = false;
      } else if (frame.type === 'update') onUpdate(frame);
      else if (frame.type === 'alert') onAlert(frame);
      setState('live');
    });
    socket.addEventListener('close', async (event) => {
      if (event.code === 4401 || (event.code === 1006 && await loggedOut())) {
        toLogin();
        return;
      }
      if (event.code >= 4400 && event.code < 4500) {
        setState('failed', event.reason || 'refused by the server');
        return;
      }
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt += 1;
      reconnecting = true;
      setState('reconnecting');
      setTimeout(open, delay);
    });
  };

  setInterval(() => {
    if (socket?.readyState !== WebSocket.OPEN) return;
    const silent = Date.now() - lastMessageAt;
    if (silent > RECONNECT_SILENT_MS) socket.close(4000, 'silent too long');
    else if (silent > STALE_AFTER_MS) setState('stale');
  }, 1_000);

  setState('connecting');
  open();
}

/** True only when the server answers and says the session is gone (not when it is down). */
async function loggedOut() {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin' });
    return response.status === 401;
  } catch {
    return false;
  }
}
