// Notifiers (guide 15.3-15.5): where alerts and the daily summary go. The form is made from each type's
// settings as its plugin describes them, so a new notifier plugin gets its form without a console change.
import * as api from './api.js';
import { h, field, form, announce, when, table, action } from './ui.js';

export async function notifiers() {
  const [list, types] = await Promise.all([api.get('/notifiers'), api.get('/notifier-types')]);
  const listing = h('div', { 'aria-live': 'polite' });
  const row = (n) => h('tr', {}, h('td', {}, n.name), h('td', {}, n.type),
    h('td', {}, [n.alerts ? 'alerts' : null, n.summary ? 'daily summary' : null].filter(Boolean).join(', ')),
    h('td', {}, n.available ? '' : 'plugin not installed'),
    h('td', {},
      action('Send a test', `Send a test to ${n.name}`, async (button) => {
        await api.post(`/notifiers/${n.id}/test`);
        announce(`Test queued to ${n.name}`);
        button.after(h('span', { class: 'notice' }, ' queued'));
      }),
      h('a', { href: `#/notifiers/${n.id}` }, 'Deliveries'),
      action('Delete', `Delete notifier ${n.name}`, async () => {
        if (!confirm(`Delete the notifier ${n.name}?`)) return;
        await api.del(`/notifiers/${n.id}`);
        list.splice(list.indexOf(n), 1);
        draw();
        announce(`Notifier ${n.name} deleted`);
      }, { class: 'danger' })));
  const draw = () => listing.replaceChildren(list.length
    ? table('Notifiers', ['Name', 'Type', 'Carries', 'Availability', 'Actions'], list.map(row)) : h('p', {}, 'No notifiers yet.'));
  draw();
  return h('section', {}, h('h1', {}, 'Notifiers'), listing, h('h2', {}, 'Add a notifier'),
    types.length ? addForm(types, (made) => { list.push(made); draw(); }) : h('p', {}, 'No notifier plugin is installed.'));
}

function addForm(types, added) {
  const settings = h('fieldset', {}, h('legend', {}, 'Settings'));
  const drawSettings = (typeName) => {
    const type = types.find((t) => t.type === typeName);
    settings.replaceChildren(h('legend', {}, `Settings of ${type.type}`), h('p', { class: 'hint' }, type.description),
      ...type.settings.map((s) => field(s.required ? s.name : `${s.name} (optional)`, `settings.${s.name}`,
        s.secret ? { type: 'password', autocomplete: 'off' } : {}, s.description)));
  };
  const typeField = field('Type', 'type', { options: types.map((t) => [t.type, t.type]) });
  typeField.querySelector('select').addEventListener('change', (e) => drawSettings(e.target.value));
  drawSettings(types[0].type);
  const f = form('Add a notifier', [
    field('Name', 'name'), typeField,
    h('fieldset', {}, h('legend', {}, 'Carries'),
      h('label', {}, h('input', { type: 'checkbox', name: 'alerts', value: 'true', checked: true }), ' alerts as they are raised and cleared'),
      h('label', {}, h('input', { type: 'checkbox', name: 'summary', value: 'true' }), ' the daily summary')),
    settings,
  ], 'Add notifier', async (v, el) => {
    const body = { name: v.name, type: v.type, alerts: v.alerts === 'true', summary: v.summary === 'true', settings: {} };
    for (const [name, value] of Object.entries(v)) {
      if (name.startsWith('settings.') && value !== '') body.settings[name.slice('settings.'.length)] = value;
    }
    const made = await api.post('/notifiers', body);
    el.reset();
    drawSettings(types[0].type);
    added(made);
    announce(`Notifier ${made.name} added`);
  });
  return f;
}

export async function deliveries(id) {
  const [n, list] = await Promise.all([api.get(`/notifiers/${id}`), api.get(`/notifiers/${id}/deliveries`)]);
  const rows = list.map((d) => h('tr', {}, h('td', {}, when(d.created)), h('td', {}, d.kind), h('td', {}, d.state),
    h('td', {}, d.attempts), h('td', {}, d.lastError || ''), h('td', {}, when(d.done || d.nextAttempt))));
  return h('section', {}, h('h1', {}, `Deliveries of ${n.name}`),
    list.length ? table('Deliveries', ['Queued', 'Kind', 'State', 'Attempts', 'Last error', 'Done or next try'], rows)
      : h('p', {}, 'Nothing sent yet.'),
    h('p', {}, h('a', { href: '#/notifiers' }, 'All notifiers')));
}
