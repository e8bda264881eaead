// The only way the pages reach the server: the admin JSON API, same origin. A browser session (cookie) is the
// normal credential; every state-changing call carries the session's CSRF token. Errors become ApiError with the
// API's own sentence, so the page shows exactly what the server said.

const ROLES = ['viewer', 'operator', 'admin'];
const state = { session: null, bearer: sessionStorage.getItem('jobkit.bearer') };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function session() {
  return state.session;
}

/** True when the signed-in role includes `role` (viewer ⊂ operator ⊂ admin). */
export function can(role) {
  const s = state.session;
  return !!s && ROLES.indexOf(s.role) >= ROLES.indexOf(role);
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.session && state.session.csrfToken) headers['X-Jobkit-Csrf'] = state.session.csrfToken;
  if (state.bearer) headers.Authorization = 'Bearer ' + state.bearer;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'The admin server did not answer (' + e.message + '); is it still running?');
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: reported below */ }
  if (!res.ok) {
    const err = new ApiError(res.status, json && json.code || 'HTTP_' + res.status,
      json && json.error || 'The server answered ' + res.status + ' to ' + method + ' ' + path + '.');
    err.body = json;
    if (res.status === 401 && state.session && path !== '/api/admin/session') window.dispatchEvent(new CustomEvent('jobkit:signed-out', { detail: err }));
    throw err;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const del = (path) => call('DELETE', path);

/**
 * Who is signed in. 200 → the session; 401 → null (with oidcEnabled for the sign-in page). A server without the
 * session API (404) is in loopback mode, where every caller is admin, unless the page signed in with a bearer token.
 */
export async function loadSession() {
  try {
    state.session = await get('/api/admin/session');
  } catch (e) {
    if (e.status === 404) {
      // no session API: a server that answers a viewer call without credentials is in loopback mode
      try {
        state.session = state.bearer ? await bearerSession() : (await get('/api/admin/workers'), { principal: 'loopback', role: 'admin', mode: 'loopback' });
      } catch (err) {
        if (err.status !== 401) throw err;
        state.bearer = null;
        sessionStorage.removeItem('jobkit.bearer');
        state.session = null;
        return { signedIn: false, oidcEnabled: false, code: err.code };
      }
    } else if (e.status === 401) {
      state.session = null;
      return { signedIn: false, oidcEnabled: !!(e.body && e.body.oidcEnabled), code: e.code };
    } else {
      throw e;
    }
  }
  return { signedIn: true, session: state.session };
}

// Without the session API the token itself is the credential, kept in this tab only (sessionStorage). The role is
// found by asking what the token may do: the audit log needs admin, a forbidden no-op POST needs operator.
async function bearerSession() {
  const probe = async (fn) => { try { await fn(); return true; } catch (e) { if (e.status === 403) return false; throw e; } };
  let role = 'viewer';
  if (await probe(() => get('/api/admin/audit?limit=1'))) role = 'admin';
  else if (await probe(() => get('/api/admin/workers')) && await probeOperator()) role = 'operator';
  return { principal: 'token', role, mode: 'token' };
}

async function probeOperator() {
  try {
    await post('/api/admin/queues/__probe__/pause');
  } catch (e) {
    return e.status !== 403;
  }
  return true;
}

export async function signIn(token) {
  try {
    state.session = await post('/api/admin/session', { token });
  } catch (e) {
    if (e.status !== 404) throw e;
    state.bearer = token;
    try {
      await get('/api/admin/workers');
    } catch (err) {
      state.bearer = null;
      throw err;
    }
    sessionStorage.setItem('jobkit.bearer', token);
    state.session = await bearerSession();
  }
  return state.session;
}

export async function signOut() {
  state.bearer = null;
  sessionStorage.removeItem('jobkit.bearer');
  try {
    await del('/api/admin/session');
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  state.session = null;
}
