// Users (guide 16.1): root manages every user, an independent user the managed users it manages. What may be
// done is decided by the API; this screen is only shown to users who may manage users, and the API refuses anyway.
import * as api from './api.js';
import { h, field, form, announce, when, table, action } from './ui.js';

const TYPES = [['MANAGED', 'managed (works in its manager\'s view)'], ['INDEPENDENT', 'independent (its own world)']];

export async function users() {
  const list = await api.get('/users');
  const names = () => Object.fromEntries(list.map((u) => [u.id, u.username]));
  const listing = h('div', { 'aria-live': 'polite' });
  const result = h('div', { role: 'status' });
  const row = (u) => h('tr', {}, h('td', {}, u.username), h('td', {}, u.type.toLowerCase()),
    h('td', {}, u.managerId ? (names()[u.managerId] || `#${u.managerId}`) : ''), h('td', {}, u.email || ''),
    h('td', {}, when(u.created)),
    h('td', {}, h('a', { href: `#/users/${u.id}/delegates`, 'aria-label': `Delegates of ${u.username}` }, 'Delegates'), ' ',
      u.type === 'ROOT' ? null : action('Reset two-step sign-in', `Reset two-step sign-in of ${u.username}`, async () => {
      if (!confirm(`Turn off the two-step sign-in of ${u.username}? Their password alone will sign them in.`)) return;
      await api.del(`/users/${u.id}/second-factor`);
      result.replaceChildren(h('p', { class: 'notice' }, `Two-step sign-in of ${u.username} is off.`));
      announce(`Two-step sign-in of ${u.username} is off`);
    }), ' ', u.type === 'ROOT' ? null : action('Delete', `Delete user ${u.username}`, async () => {
      if (!confirm(`Delete ${u.username} and everything it owns in Haven? Its AWS snapshots stay in AWS.`)) return;
      const gone = await api.del(`/users/${u.id}`);
      list.splice(list.indexOf(u), 1);
      draw();
      const text = `User ${gone.username} deleted with ${gone.accounts} accounts, ${gone.policies} policies and `
        + `${gone.backups} backups; ${gone.artifactsLeftTotal} AWS artifacts were left in AWS.`;
      result.replaceChildren(h('p', { class: 'notice' }, text));
      announce(text);
    }, { class: 'danger' })));
  const draw = () => listing.replaceChildren(table('Users', ['User', 'Type', 'Manager', 'E-mail', 'Created', 'Actions'], list.map(row)));
  draw();
  const managers = list.filter((u) => u.type !== 'MANAGED');
  const f = form('Add a user', [
    field('User name', 'username', { autocomplete: 'off' }),
    field('E-mail (optional)', 'email', { type: 'email', autocomplete: 'off' }),
    field('Password', 'password', { type: 'password', autocomplete: 'new-password' }, 'At least 12 characters; a passphrase is best'),
    field('Type', 'type', { options: TYPES }),
    field('Manager', 'managerId', { options: [['', 'me'], ...managers.map((u) => [u.id, u.username])] }, 'For a managed user'),
  ], 'Add user', async (v, el) => {
    const body = { username: v.username, password: v.password, type: v.type };
    if (v.email) body.email = v.email;
    if (v.type === 'MANAGED' && v.managerId) body.managerId = Number(v.managerId);
    const made = await api.post('/users', body);
    el.reset();
    list.push(made);
    draw();
    announce(`User ${made.username} added`);
  });
  return h('section', {}, h('h1', {}, 'Users'), listing, result, h('h2', {}, 'Add a user'), f);
}
