// The console's shell: who is signed in, the navigation, and which screen a #/route shows.
import * as api from './api.js';
import * as screens from './screens.js';
import { alerts } from './alerts.js';
import { notifiers, deliveries } from './notifiers.js';
import { users } from './users.js';
import { delegates } from './delegates.js';
import { audit } from './audit.js';
import * as recover from './recover.js';
import { dashboard } from './dashboard.js';
import { identityProvider } from './idp.js';
import { reports } from './reports.js';
import { settings } from './settings.js';
import { apiKeys } from './apikeys.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

const routes = [
  [/^#\/dashboard$/, dashboard],
  [/^#\/accounts$/, screens.accounts],
  [/^#\/schedules$/, screens.schedules],
  [/^#\/policies$/, screens.policies],
  [/^#\/policies\/(\d+)$/, screens.policy],
  [/^#\/backups$/, screens.backups],
  [/^#\/backups\/(\d+)$/, screens.backup],
  [/^#\/backups\/(\d+)\/recover$/, recover.panel],
  [/^#\/recoveries$/, recover.recoveries],
  [/^#\/recoveries\/(\d+)$/, recover.recovery],
  [/^#\/alerts$/, alerts],
  [/^#\/notifiers$/, notifiers],
  [/^#\/notifiers\/(\d+)$/, deliveries],
  [/^#\/users$/, users],
  [/^#\/users\/(\d+)\/delegates$/, delegates],
  [/^#\/audit$/, audit],
  [/^#\/identity-provider$/, identityProvider],
  [/^#\/reports$/, reports],
  [/^#\/settings$/, settings],
  [/^#\/password$/, screens.password],
  [/^#\/api-keys$/, apiKeys],
];

let user = null;
let idpAvailable = false;

async function show() {
  screens.leave();
  if (!user) {
    user = await api.session();
    if (user) idpAvailable = (await api.get('/session/identity-provider')).available;
  }
  nav.hidden = !user;
  if (!user) {
    const offer = await api.get('/session/identity-provider');
    idpAvailable = offer.available;
    render(screens.signIn(async (info) => { user = info; location.hash = '#/dashboard'; await show(); }, offer));
    return;
  }
  document.getElementById('who').textContent = user.actingFor
    ? `Signed in as ${user.username} (delegate of ${user.actingFor})` : `Signed in as ${user.username}`;
  // Shown only to who may manage users (the session says so, as core decides); the API refuses others anyway.
  document.getElementById('nav-users').hidden = !user.managesUsers;
  document.getElementById('nav-idp').hidden = !user.root;
  document.getElementById('nav-settings').hidden = !user.root;
  const route = routes.find(([pattern]) => pattern.test(location.hash));
  if (!route) { location.hash = '#/dashboard'; return; }
  const [, id] = location.hash.match(route[0]);
  nav.querySelectorAll('a').forEach((a) => {
    if (location.hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  render(await route[1](id));
}

function render(view) {
  main.replaceChildren(view);
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} – Haven` : 'Haven';
  main.focus();
}

window.addEventListener('hashchange', () => show().catch(failed));
window.addEventListener('haven:signed-out', () => { user = null; show().catch(failed); });
document.getElementById('sign-out').addEventListener('click', async () => {
  if (idpAvailable) {
    // Through /remote_auth/logout: it ends the session and, for a user of the identity provider, signs out there too.
    location.assign('/remote_auth/logout');
    return;
  }
  await api.signOut();
  user = null;
  location.hash = '';
  await show();
});

function failed(error) {
  main.replaceChildren(Object.assign(document.createElement('p'), { className: 'alert', role: 'alert', textContent: error.message }));
}

show().catch(failed);
