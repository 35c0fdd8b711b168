// The /live WebSocket: snapshot on (re)connect, coalesced updates after. Reconnects with capped exponential
// backoff and jitter; reports 'connecting', 'live', 'stale' (open but nothing for over 10 s), 'reconnecting'
// and 'failed' (the server refused the site, so retrying cannot help).
const STALE_AFTER_MS = 10_000;
const MAX_BACKOFF_MS = 15_000;

export function connectLive(siteId, { onSnapshot, onUpdate, onState }) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}/live?site=${encodeURIComponent(siteId)}`;
  let attempt = 0;
  let socket = null;
  let lastMessageAt = 0;
  let state = null;

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
      if (frame.type === 'snapshot') onSnapshot(frame);
      else if (frame.type === 'update') onUpdate(frame);
      setState('live');
    });
    socket.addEventListener('close', (event) => {
      if (event.code >= 4400 && event.code < 4500) {
        setState('failed', event.reason || 'refused by the server');
        return;
      }
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt += 1;
      setState('reconnecting');
      setTimeout(open, delay);
    });
  };

  setInterval(() => {
    if (socket?.readyState === WebSocket.OPEN && Date.now() - lastMessageAt > STALE_AFTER_MS) {
      setState('stale');
    }
  }, 1_000);

  setState('connecting');
  open();
}
