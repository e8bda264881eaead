// The dashboard shell.
// 1. Ask who is signed in (GET /api/admin/session: principal, role, CSRF token); without a session show the sign-in
//    page (token → POST /api/admin/session sets the cookie; OIDC → /auth/oidc/login). A 401 later (expiry) returns
//    there, saying the session expired.
// 2. Route on the hash (#/jobs?status=failed), so every view — filters included — is a link that can be shared.
// 3. Mount the page, then refresh it on a timer; a refresh updates data regions in place, so the user's scroll,
//    filter inputs and selection survive it.
import * as api from './api.js';
import { h, fill } from './dom.js';
import { overview } from './overview.js';
import { jobs } from './jobs.js';
import { job } from './job.js';
import { queues } from './queues.js';
import { schedules } from './schedules.js';
import { workers } from './workers.js';
import { batch } from './batch.js';
import { chain } from './chain.js';

const main = document.getElementById('main');
const params = new URLSearchParams(location.search);
const POLL_MS = Math.max(250, Number(params.get('poll')) || 2000);
let current = null;
let timer = null;

export function flash(message, kind = 'error') {
  const el = document.getElementById('flash');
  fill(el, h('span', { class: 'flash-text' }, message),
    h('button', { type: 'button', class: 'small', 'aria-label': 'Dismiss', onclick: () => { el.hidden = true; } }, '×'));
  el.className = 'flash ' + kind;
  el.hidden = false;
}

export function clearFlash() {
  document.getElementById('flash').hidden = true;
}

/** Runs an action, showing the API's error sentence if it fails; resolves to the result or undefined. */
export async function act(fn) {
  try {
    clearFlash();
    return await fn();
  } catch (e) {
    flash(e.message);
    return undefined;
  }
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query || '') };
}

function pageFor(route) {
  const [first, second, third] = route.parts;
  if (!first) return ['overview', overview];
  if (first === 'jobs' && second) return ['jobs', job];
  if (first === 'jobs') return ['jobs', jobs];
  if (first === 'queues' && second && third === 'dlq') return ['queues', queues];
  if (first === 'queues') return ['queues', queues];
  if (first === 'schedules') return ['schedules', schedules];
  if (first === 'workers') return ['workers', workers];
  if (first === 'batches' && second) return ['jobs', batch];
  if (first === 'chains' && second) return ['jobs', chain];
  return ['none', { mount: (m) => { fill(m, h('h1', null, 'Not found'), h('p', null, 'No page is at ', location.hash, '. ',
    h('a', { href: '#/' }, 'Go to the overview'), '.')); return {}; } }];
}

async function show() {
  stop();
  clearFlash();
  const route = parseHash();
  const [name, page] = pageFor(route);
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  main.replaceChildren();
  current = page.mount(main, route) || {};
  await refresh();
  // the benchmark reads this mark: the page's first data is on screen
  if (!performance.getEntriesByName('jobkit:first-render').length) performance.mark('jobkit:first-render');
  schedule();
}

async function refresh() {
  const page = current;
  if (!page || !page.refresh || page.busy) return;
  page.busy = true;
  try {
    await page.refresh();
    if (page.failed) { page.failed = false; clearFlash(); }
  } catch (e) {
    page.failed = true;
    flash(e.message);
  } finally {
    page.busy = false;
  }
}

function schedule() {
  timer = setTimeout(async () => {
    if (!document.hidden) await refresh();
    schedule();
  }, POLL_MS);
}

function stop() {
  clearTimeout(timer);
  if (current && current.dispose) current.dispose();
  current = null;
}

function showWho(s) {
  const who = document.getElementById('who');
  const out = s.mode === 'loopback' ? null : h('button', { type: 'button', class: 'small', id: 'sign-out', onclick: async () => {
    await act(api.signOut);
    start();
  } }, 'Sign out');
  fill(who, h('span', { id: 'principal' }, s.principal), ' ', h('span', { class: 'role', id: 'role' }, s.role), ' ', out);
  who.hidden = false;
  document.getElementById('nav').hidden = false;
  const banner = document.getElementById('banner');
  if (s.mode === 'loopback') {
    fill(banner, 'Loopback mode: no credentials are configured, so this server listens on 127.0.0.1 only and everyone '
      + 'who can reach it is admin. Set JOBKIT_ADMIN_TOKENS or JOBKIT_ADMIN_OIDC_ISSUER to require sign-in.');
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
}

// A failed OIDC sign-in comes back as /?signin_error=CODE (only the code: the words are ours, so a crafted link
// cannot put text of its choosing here). It is shown once on the sign-in page and dropped from the address bar.
const SIGNIN_ERRORS = {
  NO_JOBKIT_ROLE: 'You are signed in at your identity provider, but in none of the groups jobkit-viewer, '
    + 'jobkit-operator or jobkit-admin. Ask an administrator to add you to one, then sign in again.',
  OIDC_DENIED: 'The identity provider refused the sign-in.',
  OIDC_STATE_INVALID: 'This sign-in was started in another browser or tab, is older than ten minutes, or was already '
    + 'used. Start again.',
  OIDC_CODE_REPLAYED: 'This sign-in\'s authorization code was already used. Start again.',
  OIDC_NONCE_MISMATCH: 'The identity provider answered for a different sign-in. Start again.',
  OIDC_EXCHANGE_FAILED: 'The console could not exchange the sign-in with the identity provider (unreachable or refused). '
    + 'Try again; if it persists, the console\'s OIDC client settings are wrong.',
  OIDC_TOKEN_INVALID: 'The identity provider\'s answer could not be verified (signature, issuer, audience or expiry).',
  OIDC_CALLBACK_INVALID: 'The sign-in came back incomplete. Start again.',
};
const signinError = (() => {
  const params = new URLSearchParams(location.search);
  const code = params.get('signin_error');
  if (!code) return null;
  params.delete('signin_error');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  return /^[A-Z_]{1,40}$/.test(code) ? code : 'UNKNOWN';
})();
let signinErrorShown = false;

function signInPage(info) {
  stop();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('banner').hidden = true;
  const token = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true,
    placeholder: 'jk_…', 'aria-describedby': 'token-help' });
  const form = h('form', { class: 'signin', onsubmit: async (ev) => {
    ev.preventDefault();
    const value = token.value.trim();
    token.value = ''; // the token becomes a cookie the page cannot read; it is not kept anywhere
    const ok = await act(() => api.signIn(value));
    if (ok) start();
  } },
  h('h1', null, 'Sign in to the jobkit console'),
  info.code === 'SESSION_EXPIRED' ? h('p', { class: 'notice', id: 'expired', role: 'status' }, 'Your session expired; sign in again.') : null,
  signinError && !signinErrorShown ? h('p', { class: 'notice error-text', id: 'signin-error', role: 'alert' },
    (SIGNIN_ERRORS[signinError] || 'The sign-in failed.') + ' (' + signinError + ')') : null,
  h('label', { for: 'token' }, 'Admin token'), token,
  h('p', { id: 'token-help', class: 'muted' }, 'A token from ', h('code', null, 'jobkit admin token --role viewer|operator|admin'),
    '; its entry must be in ', h('code', null, 'JOBKIT_ADMIN_TOKENS'), '. It is exchanged for a session cookie and not kept by this page.'),
  h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'),
  info.oidcEnabled ? h('p', null, h('a', { class: 'button', id: 'oidc', href: '/auth/oidc/login?return=' + encodeURIComponent('/') ,
    onclick: () => sessionStorage.setItem('jobkit.return', location.hash) }, 'Sign in with your identity provider')) : null);
  main.replaceChildren(form);
  if (signinError) signinErrorShown = true;
  token.focus();
}

async function start() {
  let info;
  try {
    info = await api.loadSession();
  } catch (e) {
    fill(main, h('h1', null, 'The console cannot start'), h('p', { class: 'error-text' }, e.message));
    return;
  }
  if (!info.signedIn) { signInPage(info); return; }
  showWho(info.session);
  const back = sessionStorage.getItem('jobkit.return');
  if (back) { sessionStorage.removeItem('jobkit.return'); if (back !== location.hash) { location.hash = back; return; } }
  await show();
}

window.addEventListener('hashchange', () => { if (api.session()) show(); });
// an API call answered 401: the session is gone. The call's own code says why (SESSION_EXPIRED is shown as such);
// GET session then tells whether OIDC is offered.
window.addEventListener('jobkit:signed-out', async (ev) => {
  stop();
  const info = await api.loadSession().catch(() => ({ signedIn: false }));
  if (info.signedIn) { showWho(info.session); show(); return; }
  if (ev.detail && ev.detail.code === 'SESSION_EXPIRED') info.code = 'SESSION_EXPIRED';
  signInPage(info);
});
document.addEventListener('keydown', (ev) => {
  // "/" jumps to the page's search box, as in most consoles
  if (ev.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
    const s = document.querySelector('[data-search]');
    if (s) { ev.preventDefault(); s.focus(); }
  }
});
start();
