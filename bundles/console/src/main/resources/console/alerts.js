// Alerts (guide 15.1-15.2): what needs a look, acknowledged or deleted here; the alerts key for monitoring tools.
import * as api from './api.js';
import { h, announce, when, table, action } from './ui.js';

function state(a) {
  if (a.cleared) return `cleared ${when(a.cleared)}`;
  return a.acknowledged ? `acknowledged ${when(a.acknowledged)}` : 'current';
}

export async function alerts() {
  const list = await api.get('/alerts?limit=200');
  const listing = h('div', { 'aria-live': 'polite' });
  const row = (a) => h('tr', {},
    h('td', {}, h('time', { datetime: a.lastOccurred }, when(a.lastOccurred))),
    h('td', {}, a.category), h('td', { class: `severity-${a.severity}` }, a.severity),
    h('td', {}, a.title), h('td', {}, a.policyName || ''), h('td', {}, state(a)),
    h('td', {},
      !a.cleared && !a.acknowledged ? action('Acknowledge', `Acknowledge alert ${a.title}`, async () => {
        Object.assign(a, await api.post(`/alerts/${a.id}/acknowledge`));
        draw();
        announce(`Alert ${a.title} acknowledged`);
      }) : null,
      action('Delete', `Delete alert ${a.title}`, async () => {
        await api.del(`/alerts/${a.id}`);
        list.splice(list.indexOf(a), 1);
        draw();
        announce(`Alert ${a.title} deleted`);
      }, { class: 'danger' })));
  const draw = () => listing.replaceChildren(list.length
    ? table('Alerts', ['Last occurred', 'Category', 'Severity', 'Title', 'Policy', 'State', 'Actions'], list.map(row))
    : h('p', {}, 'No alerts.'));
  draw();
  return h('section', {}, h('h1', {}, 'Alerts'), listing, h('h2', {}, 'Alerts key'), await alertsKey());
}

/** The key monitoring tools send to /agentapi/get_cpm_alerts/; shown once when made. */
async function alertsKey() {
  const box = h('div', { 'aria-live': 'polite' });
  // h() skips null children; replaceChildren would print them, so the parts go through one h()
  const draw = (key, shown) => box.replaceChildren(h('div', {},
    h('p', {}, key.enabled ? `You have an alerts key, made ${when(key.created)}.` : 'You have no alerts key.'),
    shown ? h('p', { class: 'notice' }, 'Your new key, shown only now: ', h('code', { id: 'alerts-key' }, shown)) : null,
    h('div', { class: 'row' },
      action(key.enabled ? 'Replace the alerts key' : 'Make an alerts key', null, async () => {
        const made = await api.post('/alerts-key');
        draw(made, made.key);
        announce('New alerts key made');
      }),
      key.enabled ? action('Remove the alerts key', null, async () => {
        await api.del('/alerts-key');
        draw({ enabled: false });
        announce('Alerts key removed');
      }, { class: 'danger' }) : null),
    h('p', { class: 'hint' }, 'Tools send it as the Authorization header of GET /agentapi/get_cpm_alerts/.')));
  draw(await api.get('/alerts-key'));
  return box;
}
