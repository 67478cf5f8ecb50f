// Users (guide 16.1): root manages every user, an independent user the managed users it manages. What may be
// done is decided by the API; this screen is only shown to users who may manage users, and the API refuses anyway.
import * as api from './api.js';
import { h, field, form, announce, when, table, action } from './ui.js';

const TYPES = [['MANAGED', 'managed (works in its manager\'s view)'], ['INDEPENDENT', 'independent (its own world)']];
// Resource limits (guide 16.2): root sets them; empty means no limit. The names are the API's, so that a refusal
// naming limits.<name> lands next to its field.
const LIMITS = [['maxAccounts', 'Max number of accounts', ''], ['maxInstances', 'Max number of instances', ''],
  ['maxEbsGiB', 'Max non-instance EBS', ' GiB'], ['maxRdsGiB', 'Max RDS', ' GiB'],
  ['maxRedshiftClusters', 'Max Redshift clusters', ''], ['maxDynamoDbGiB', 'Max DynamoDB tables', ' GiB']];

export const limitsText = (limits) => {
  const set = LIMITS.filter(([name]) => limits && limits[name] !== null && limits[name] !== undefined);
  return set.length ? set.map(([name, label, unit]) => `${label.replace(/^Max (number of )?/, '')}: ${limits[name]}${unit}`).join(', ') : 'none';
};

const limitFields = (current = {}) => LIMITS.map(([name, label, unit]) => field(`${label}${unit ? ` (${unit.trim()})` : ''}`,
  `limits.${name}`, { type: 'number', min: 0, step: 1, inputmode: 'numeric', value: current[name] ?? '' }, 'Empty: no limit'));

// The limits from a form's values: a number, or null for an empty field (no limit).
const limitsOf = (v) => Object.fromEntries(LIMITS.map(([name]) => {
  const text = (v[`limits.${name}`] || '').trim();
  return [name, text === '' ? null : Number(text)];
}));

export async function users() {
  const list = await api.get('/users');
  const names = () => Object.fromEntries(list.map((u) => [u.id, u.username]));
  const listing = h('div', { 'aria-live': 'polite' });
  const result = h('div', { role: 'status' });
  // Only root sees the root user, and only root sets limits.
  const root = list.some((u) => u.type === 'ROOT');
  const editing = h('div', {});
  const editLimits = (u) => {
    const f = form(`Resource limits of ${u.username}`, limitFields(u.limits || {}), 'Save limits', async (v) => {
      const changed = await api.call('PUT', `/users/${u.id}`, { limits: limitsOf(v) });
      list[list.indexOf(u)] = changed;
      draw();
      editing.replaceChildren();
      announce(`Limits of ${changed.username}: ${limitsText(changed.limits)}`);
    });
    editing.replaceChildren(h('h2', {}, `Resource limits of ${u.username}`), f);
    f.querySelector('input')?.focus();
  };
  const row = (u) => h('tr', {}, h('td', {}, u.username), h('td', {}, u.type.toLowerCase()),
    h('td', {}, u.managerId ? (names()[u.managerId] || `#${u.managerId}`) : ''), h('td', {}, u.email || ''),
    h('td', {}, when(u.created)), h('td', {}, u.type === 'ROOT' ? '' : limitsText(u.limits)),
    h('td', {}, h('a', { href: `#/users/${u.id}/delegates`, 'aria-label': `Delegates of ${u.username}` }, 'Delegates'), ' ',
      u.type === 'ROOT' ? null : [root ? action('Limits', `Limits of ${u.username}`, async () => editLimits(u)) : null, ' ',
      action('Reset two-step sign-in', `Reset two-step sign-in of ${u.username}`, async () => {
        if (!confirm(`Turn off the two-step sign-in of ${u.username}? Their password alone will sign them in.`)) return;
        await api.del(`/users/${u.id}/second-factor`);
        result.replaceChildren(h('p', { class: 'notice' }, `Two-step sign-in of ${u.username} is off.`));
        announce(`Two-step sign-in of ${u.username} is off`);
      }), ' ', action('Delete', `Delete user ${u.username}`, async () => {
      if (!confirm(`Delete ${u.username} and everything it owns in Haven? Its AWS snapshots stay in AWS.`)) return;
      const gone = await api.del(`/users/${u.id}`);
      list.splice(list.indexOf(u), 1);
      draw();
      const text = `User ${gone.username} deleted with ${gone.accounts} accounts, ${gone.policies} policies and `
        + `${gone.backups} backups; ${gone.artifactsLeftTotal} AWS artifacts were left in AWS.`;
      result.replaceChildren(h('p', { class: 'notice' }, text));
      announce(text);
    }, { class: 'danger' })]));
  const draw = () => listing.replaceChildren(table('Users', ['User', 'Type', 'Manager', 'E-mail', 'Created', 'Limits', 'Actions'], list.map(row)));
  draw();
  const managers = list.filter((u) => u.type !== 'MANAGED');
  const f = form('Add a user', [
    field('User name', 'username', { autocomplete: 'off' }),
    field('E-mail (optional)', 'email', { type: 'email', autocomplete: 'off' }),
    field('Password', 'password', { type: 'password', autocomplete: 'new-password' }, 'At least 12 characters; a passphrase is best'),
    field('Type', 'type', { options: TYPES }),
    field('Manager', 'managerId', { options: [['', 'me'], ...managers.map((u) => [u.id, u.username])] }, 'For a managed user'),
    ...(root ? limitFields() : []),
  ], 'Add user', async (v, el) => {
    const body = { username: v.username, password: v.password, type: v.type };
    if (v.email) body.email = v.email;
    if (root) body.limits = limitsOf(v);
    if (v.type === 'MANAGED' && v.managerId) body.managerId = Number(v.managerId);
    const made = await api.post('/users', body);
    el.reset();
    list.push(made);
    draw();
    announce(`User ${made.username} added`);
  });
  return h('section', {}, h('h1', {}, 'Users'), listing, result, editing, h('h2', {}, 'Add a user'), f);
}
