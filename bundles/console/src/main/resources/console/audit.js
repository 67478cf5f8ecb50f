// The audit log (guide 16.6): who changed what, from where, and how it ended. What a user may read is the
// API's decision (root: everyone's; others: their world); this screen only asks and shows.
import * as api from './api.js';
import { h, field, form, when, table } from './ui.js';

const PAGE = 50;

export async function audit() {
  const body = h('div', { 'aria-live': 'polite' });
  let query = '';
  const load = async (before) => {
    const page = await api.get(`/audit?limit=${PAGE}${query}${before ? `&before=${before}` : ''}`);
    const rows = page.items.map((e) => h('tr', {}, h('td', {}, when(e.time)),
      h('td', {}, e.delegate ? `${e.username} (delegate ${e.delegate})` : e.username), h('td', {}, e.address),
      h('td', {}, e.channel), h('td', {}, h('code', {}, e.operation)),
      h('td', { class: e.outcome === 'succeeded' ? '' : 'status-FAILED' }, e.outcome)));
    return { rows, next: page.next };
  };
  const draw = async () => {
    const { rows, next } = await load();
    if (!rows.length) { body.replaceChildren(h('p', {}, 'No audit entries.')); return; }
    const listing = table('Audit log', ['Time', 'User', 'From', 'Via', 'Operation', 'Outcome'], rows);
    const tbody = listing.querySelector('tbody');
    const more = h('div', { class: 'row' });
    const older = (cursor) => {
      more.replaceChildren(cursor ? h('button', { type: 'button', onclick: async () => {
        const page = await load(cursor);
        tbody.append(...page.rows);
        older(page.next);
      } }, 'Older entries') : null);
    };
    older(next);
    body.replaceChildren(listing, more);
  };
  const filters = form('Filter the audit log', [
    h('div', { class: 'row' },
      field('From (date)', 'from', { type: 'date' }),
      field('To (date, not included)', 'to', { type: 'date' })),
  ], 'Show', async (v) => {
    // Local midnight of the chosen days, as the instants the API takes
    const at = (day) => new Date(`${day}T00:00`).toISOString();
    query = (v.from ? `&from=${encodeURIComponent(at(v.from))}` : '') + (v.to ? `&to=${encodeURIComponent(at(v.to))}` : '');
    await draw();
  });
  await draw();
  return h('section', {}, h('h1', {}, 'Audit log'),
    h('p', { class: 'hint' }, 'Every change and refused sign-in, newest first; reads are not recorded.'), filters, body);
}
