// api.js — the page's calls: /sandbox/identities and the stand-in
// Telegram server's /_sandbox/ routes, all on this origin.

// APIError is a refused call; its message is the server's own.
export class APIError extends Error {}

async function call(method, path, body, signal) {
  const init = { method, signal, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  let data = null;
  try {
    data = await res.json();
  } catch {
    // not JSON: the status says enough
  }
  if (!res.ok) throw new APIError((data && data.error) || `${res.status} ${res.statusText}`);
  return data;
}

const chat = (id) => `/_sandbox/chats/${encodeURIComponent(String(id))}`;

// The largest number the events route accepts as "since": asking for events
// after it answers at once with the latest sequence number.
const latest = Number.MAX_SAFE_INTEGER;

export const api = {
  identities: () => call('GET', '/sandbox/identities'),
  users: () => call('GET', '/_sandbox/users'),
  chats: () => call('GET', '/_sandbox/chats'),
  view: (id) => call('GET', chat(id)),
  commands: (id, user) => call('GET', `${chat(id)}/commands?user_id=${encodeURIComponent(String(user))}`),
  send: (id, message) => call('POST', `${chat(id)}/messages`, message),
  press: (id, press) => call('POST', `${chat(id)}/press`, press),
  // events long-polls for changes after since; see follow in events.js.
  events: (since, timeout, signal) => call('GET', `/_sandbox/events?since=${since}&timeout=${timeout}`, undefined, signal),
  latestEvent: async () => (await call('GET', `/_sandbox/events?since=${latest}&timeout=0`)).next,
  fileURL: (fileID) => `/_sandbox/files/${encodeURIComponent(fileID)}`,
};
