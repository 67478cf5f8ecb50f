// The REST API, as the console uses it: same origin, the session cookie, the CSRF token on changes.
// Errors come back as RFC 9457 problem documents; callers show them next to the field they name.

let csrfToken = null;

export class Problem extends Error {
  constructor(status, doc) {
    super(doc.detail || doc.title || `HTTP ${status}`);
    this.status = status;
    this.field = doc.field || null;
    this.type = doc.type || null;
  }
}

export async function call(method, path, body) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/session') window.dispatchEvent(new Event('haven:signed-out'));
    throw new Problem(response.status, data || {});
  }
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const del = (path) => call('DELETE', path);

/** Who is signed in (and the session's CSRF token), or null. */
export async function session() {
  try {
    const info = await get('/session');
    csrfToken = info.csrfToken;
    return info;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export async function signIn(username, password, code) {
  const info = await call('POST', '/session', code ? { username, password, code } : { username, password });
  csrfToken = info.csrfToken;
  return info;
}

export async function signOut() {
  try { await del('/session'); } finally { csrfToken = null; }
}

/** A CSV report as text, with the session cookie; a refusal comes back as a Problem naming its field. */
export async function download(path) {
  const response = await fetch('/api/v1' + path, { headers: { 'Accept': 'text/csv, application/problem+json' }, credentials: 'same-origin' });
  if (!response.ok) {
    const text = await response.text();
    let doc = {};
    try { doc = JSON.parse(text); } catch (e) { doc = { title: text }; }
    if (response.status === 401) window.dispatchEvent(new Event('haven:signed-out'));
    throw new Problem(response.status, doc);
  }
  return response.text();
}
