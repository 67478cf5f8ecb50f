// Reports (guide 15.6-15.9, 16.6): the API's CSV downloads with their filters. The rows and columns are the API's;
// this screen only asks, names a refused filter next to its field, and saves the file.
import * as api from './api.js';
import { h, field, form, announce, instant, table, action } from './ui.js';

const REPORTS = [['backups', 'Backups (one row per backup)'], ['snapshots', 'Snapshots (one row per snapshot)'],
  ['resources', 'Protected and unprotected resources (asks AWS)'], ['audit', 'Audit log']];

function save(name, text) {
  const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export async function reports() {
  const [session, policies, accounts] = await Promise.all([api.get('/session'), api.get('/policies'), api.get('/accounts')]);
  const result = h('div', { role: 'status' });
  const f = form('Download a report', [
    field('Report', 'report', { options: REPORTS }),
    field('Policy', 'policyId', { options: [['', 'every policy'], ...policies.map((p) => [p.id, p.name])] }, 'Backups and snapshots only'),
    field('Account', 'accountId', { options: [['', 'every account'], ...accounts.map((a) => [a.id, a.name])] }, 'Not for the audit log'),
    field('Regions', 'regions', { autocomplete: 'off' }, 'Resources report only: comma-separated; empty: where your policies have targets'),
    field('From', 'from', { type: 'datetime-local' }, 'Optional'),
    field('To', 'to', { type: 'datetime-local' }, 'Optional'),
  ], 'Download CSV', async (v) => {
    const query = new URLSearchParams();
    if (v.report === 'resources') {
      if (v.accountId) query.set('accountId', v.accountId);
      if (v.regions.trim()) query.set('regions', v.regions.replace(/\s+/g, ''));
    } else {
      if (v.report !== 'audit') {
        if (v.policyId) query.set('policyId', v.policyId);
        if (v.accountId) query.set('accountId', v.accountId);
      }
      if (v.from) query.set('from', instant(v.from));
      if (v.to) query.set('to', instant(v.to));
    }
    const text = await api.download(`/reports/${v.report}${query.toString() ? `?${query}` : ''}`);
    const rows = Math.max(0, text.trim().split('\n').length - 1);
    save(`haven-${v.report}.csv`, text);
    const said = `Downloaded haven-${v.report}.csv: ${rows} row${rows === 1 ? '' : 's'}`;
    result.replaceChildren(h('p', { class: 'notice', id: 'report-result' }, said));
    announce(said);
  });
  const usage = session.root ? h('p', {}, h('button', { type: 'button', onclick: async () => {
    save('haven-usage.csv', await api.download('/reports/usage'));
    announce('Downloaded haven-usage.csv');
  } }, 'Download the usage report (all users)')) : null;
  return h('section', {}, h('h1', {}, 'Reports'), f, result, usage, permissionSummaries(accounts));
}

// Guide 14.3, "Permission Summary": per account, its permission check as CSV (GET /reports/permissions). The check asks
// AWS (about 70 harmless calls when IAM cannot simulate), so it takes a moment; a refusal shows next to its button.
function permissionSummaries(accounts) {
  if (accounts.length === 0) return null;
  const rows = accounts.map((a) => h('tr', {}, h('td', {}, a.name), h('td', {},
    action('Permission summary', `Permission summary of account ${a.name}`, async (button) => {
      button.disabled = true;
      announce(`Checking the permissions of ${a.name}…`);
      try {
        const name = `haven-permissions-${a.name}.csv`;
        const text = await api.download(`/reports/permissions?accountId=${encodeURIComponent(a.id)}`);
        const rowCount = Math.max(0, text.trim().split('\n').length - 1);
        save(name, text);
        announce(`Downloaded ${name}: ${rowCount} row${rowCount === 1 ? '' : 's'}`);
      } finally {
        button.disabled = false;
      }
    }, { 'data-account': a.id }))));
  return h('section', { 'aria-labelledby': 'permission-summaries' },
    h('h2', { id: 'permission-summaries' }, 'Permission summaries'),
    h('p', { class: 'hint' }, "Each account's AWS permissions per feature and IAM action: allowed, missing or unchecked."),
    table('Permission summary per account', ['Account', 'Report'], rows));
}
