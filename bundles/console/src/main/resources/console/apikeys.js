// API keys (issue 9): the signed-in user's own keys (a delegate's are its own). A key is shown once, in the answer
// that makes it; what a key may do and until when is core's to decide (decision 0045), a refusal is shown at its field.
import * as api from './api.js';
import { h, field, check, form, announce, when, instant, table, action } from './ui.js';

export async function apiKeys() {
  const list = await api.get('/api-keys');
  const listing = h('div', { 'aria-live': 'polite' });
  const made = h('div', {});
  const row = (k) => h('tr', {}, h('td', {}, k.name), h('td', {}, when(k.created)),
    h('td', {}, k.expires ? when(k.expires) : 'never'), h('td', {}, k.readOnly ? 'read-only' : 'your rights'),
    h('td', {}, k.lastUsed ? when(k.lastUsed) : 'not yet'),
    h('td', {}, action('Revoke', `Revoke API key ${k.name}`, async () => {
      if (!confirm(`Revoke the API key ${k.name}? Programs that use it are refused at once, and so are the keys made with it.`)) return;
      await api.del(`/api-keys/${k.id}`);
      // Keys made with it go too (core revokes them): the list is the API's again
      list.splice(0, list.length, ...await api.get('/api-keys'));
      draw();
      announce(`API key ${k.name} revoked`);
    }, { class: 'danger' })));
  const draw = () => listing.replaceChildren(list.length
    ? table('Your API keys', ['Name', 'Created', 'Expires', 'Rights', 'Last used', 'Actions'], list.map(row))
    : h('p', {}, 'You have no API keys.'));
  draw();
  const f = form('Make an API key', [
    field('Name', 'name', { autocomplete: 'off' }, 'What the key is for, such as the program that uses it'),
    field('Expires (optional)', 'expires', { type: 'datetime-local' }, 'Your browser\'s local time; empty: never'),
    check('Read-only', 'readOnly', { hint: 'It reads and monitors, and changes nothing' }),
  ], 'Make key', async (v, el) => {
    const created = await api.post('/api-keys', { name: v.name, expires: instant(v.expires), readOnly: v.readOnly === 'true' });
    el.reset();
    list.push(created);
    draw();
    made.replaceChildren(shownOnce(created));
    made.querySelector('code').focus();
    announce(`API key ${created.name} made; copy it now, it is not shown again`);
  });
  return h('section', {}, h('h1', {}, 'API keys'),
    h('p', {}, 'Programs send a key as ', h('code', {}, 'Authorization: Bearer <key>'),
      '. A key has your rights, or only reading ones, and ends when it expires, when it is revoked, or with you.'),
    listing, made, h('h2', {}, 'Make an API key'), f);
}

/** The new key, the only time it is shown, with a way to copy it. */
function shownOnce(created) {
  const copied = h('span', { role: 'status' });
  return h('div', { class: 'card secret' },
    h('p', { class: 'notice' }, `Your new key ${created.name}, shown only now: copy it and keep it where your program reads it.`),
    h('p', {}, h('code', { id: 'api-key-secret', tabindex: '0' }, created.key)),
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        await navigator.clipboard.writeText(created.key);
        copied.textContent = ' Copied.';
      } catch (e) {
        copied.textContent = ' The browser did not allow copying: select the key and copy it.';
      }
    } }, 'Copy the key'), copied),
    h('p', { class: 'hint' }, 'Haven keeps only a hash of it: a lost key cannot be shown again, only revoked and replaced.'));
}
