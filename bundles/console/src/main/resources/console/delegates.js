// Delegates (guide 16.4): other sign-ins that act in a user's world; what they may change besides viewing and
// monitoring is three permissions. Who may manage whose delegates is decided by the API.
import * as api from './api.js';
import { h, field, form, announce, when, table, action } from './ui.js';

const PERMISSIONS = [['recover', 'start recoveries'], ['changeAccounts', 'change accounts'],
  ['changeBackups', 'change policies, schedules and backups']];

function may(permissions) {
  const allowed = PERMISSIONS.filter(([key]) => permissions[key]).map(([, text]) => text);
  return allowed.length ? `view, ${allowed.join(', ')}` : 'view only';
}

function boxes(current = {}) {
  return h('fieldset', {}, h('legend', {}, 'Besides viewing and monitoring, it may'),
    PERMISSIONS.map(([key, text]) => h('label', {},
      h('input', { type: 'checkbox', name: key, value: 'true', checked: !!current[key] }), ' ', text)));
}

const chosen = (v) => Object.fromEntries(PERMISSIONS.map(([key]) => [key, v[key] === 'true']));

export async function delegates(userId) {
  const [user, list] = await Promise.all([api.get(`/users/${userId}`), api.get(`/users/${userId}/delegates`)]);
  const listing = h('div', { 'aria-live': 'polite' });
  const editing = h('div', {});
  const row = (d) => h('tr', {}, h('td', {}, d.username), h('td', {}, d.email || ''), h('td', {}, may(d.permissions)),
    h('td', {}, when(d.created)),
    h('td', {}, action('Remove', `Remove delegate ${d.username}`, async () => {
      if (!confirm(`Remove the delegate ${d.username}? Its sessions and API keys end at once.`)) return;
      await api.del(`/delegates/${d.id}`);
      list.splice(list.indexOf(d), 1);
      draw();
      announce(`Delegate ${d.username} removed`);
    }, { class: 'danger' })));
  const draw = () => {
    listing.replaceChildren(list.length
      ? table(`Delegates of ${user.username}`, ['Delegate', 'E-mail', 'May', 'Added', 'Actions'], list.map(row))
      : h('p', {}, 'No delegates.'));
    if (!list.length) {
      editing.replaceChildren();
      return;
    }
    const edit = form('Change what a delegate may do', [
      field('Delegate', 'id', { options: list.map((d) => [d.id, d.username]) }),
      boxes(),
    ], 'Save permissions', async (v) => {
      const changed = await api.call('PUT', `/delegates/${v.id}`, chosen(v));
      list.splice(list.findIndex((d) => d.id === changed.id), 1, changed);
      draw();
      announce(`${changed.username} may now: ${may(changed.permissions)}`);
    });
    // The boxes show what the chosen delegate may do now.
    const select = edit.querySelector('select[name=id]');
    const sync = () => {
      const current = list.find((d) => String(d.id) === select.value).permissions;
      PERMISSIONS.forEach(([key]) => { edit.querySelector(`input[name=${key}]`).checked = current[key]; });
    };
    select.addEventListener('change', sync);
    sync();
    editing.replaceChildren(edit);
  };
  draw();
  const add = form('Add a delegate', [
    field('User name', 'username', { autocomplete: 'off' }, 'Its own sign-in; it never changes'),
    field('E-mail (optional)', 'email', { type: 'email', autocomplete: 'off' }),
    field('Password', 'password', { type: 'password', autocomplete: 'new-password' }, 'At least 12 characters; a passphrase is best'),
    boxes(),
  ], 'Add delegate', async (v, el) => {
    const body = { username: v.username, password: v.password, permissions: chosen(v) };
    if (v.email) body.email = v.email;
    const made = await api.post(`/users/${userId}/delegates`, body);
    el.reset();
    list.push(made);
    draw();
    announce(`Delegate ${made.username} added`);
  });
  return h('section', {}, h('h1', {}, `Delegates of ${user.username}`),
    h('p', {}, 'A delegate signs in with its own user name and password and sees this user\'s world. It changes only what '
      + 'it is allowed here, never notification settings, and manages no users.'),
    listing, editing, h('h2', {}, 'Add a delegate'), add);
}
