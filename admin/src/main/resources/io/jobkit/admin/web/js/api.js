// The only way the pages reach the server: the admin JSON API, same origin. The credential is the browser session:
// an HttpOnly cookie the page never sees (so no script, ours included, can read or leak it), plus the session's CSRF
// token, kept in memory only and sent as X-Jobkit-Csrf on every POST, PUT and DELETE. Errors become ApiError with the
// API's own sentence, so the page shows exactly what the server said.

const ROLES = ['viewer', 'operator', 'admin'];
const state = { session: null };
const SESSION = '/api/admin/session';

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
    // the session ended under the page (expired, signed out in another tab, server restarted): back to sign-in
    if (res.status === 401 && state.session && path !== SESSION) {
      state.session = null;
      window.dispatchEvent(new CustomEvent('jobkit:signed-out', { detail: err }));
    }
    throw err;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const del = (path) => call('DELETE', path);

/** The error the page shows when the server predates the session API: the console cannot sign anyone in there. */
export const TOO_OLD = 'This admin server has no browser-session API (GET /api/admin/session answered 404): it is older '
  + 'than this console. Upgrade the server, or use the admin API with a bearer token.';

/**
 * Who is signed in. 200 → the session (principal, role, mode, csrfToken, expiresAt); 401 → signed out, with the code
 * (NOT_SIGNED_IN or SESSION_EXPIRED) and whether OIDC sign-in is offered. Anything else is an error to show.
 */
export async function loadSession() {
  try {
    state.session = await get(SESSION);
  } catch (e) {
    state.session = null;
    if (e.status === 404) throw new ApiError(404, 'SESSION_API_MISSING', TOO_OLD);
    if (e.status !== 401) throw e;
    return { signedIn: false, oidcEnabled: !!(e.body && e.body.oidcEnabled), code: e.code };
  }
  return { signedIn: true, session: state.session };
}

/** Trades a token for a session cookie; the token is forgotten at once (the caller clears the field). */
export async function signIn(token) {
  try {
    state.session = await post(SESSION, { token });
  } catch (e) {
    if (e.status === 404) throw new ApiError(404, 'SESSION_API_MISSING', TOO_OLD);
    throw e;
  }
  return state.session;
}

/** DELETE with the CSRF token: the server revokes the session and clears the cookie. */
export async function signOut() {
  try {
    await del(SESSION);
  } finally {
    state.session = null;
  }
}
