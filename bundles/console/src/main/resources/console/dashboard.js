// The dashboard (issue 10): the caller's world at a glance. Every number comes from GET /dashboard, where core
// counts over what the caller may see; this screen only lays it out and refreshes it while work runs.
import * as api from './api.js';
import { h, when, table } from './ui.js';
import { later } from './screens.js';

const STATUSES = [['SUCCESSFUL', 'successful'], ['PARTIALLY_SUCCESSFUL', 'partially successful'],
  ['FAILED', 'failed'], ['IN_PROGRESS', 'in progress']];

export async function dashboard() {
  const body = h('div', { 'aria-live': 'polite' });
  async function load() {
    const d = await api.get('/dashboard');
    const total = d.protectedResources.reduce((sum, c) => sum + c.resources, 0);
    body.replaceChildren(h('div', {},
      d.recoveryOnly ? h('p', { class: 'notice', id: 'recovery-only', role: 'status' }, 'This Haven is in recovery-only mode: '
        + 'it makes no backups and runs no schedules, retention or disaster recovery. Recoveries work. An administrator '
        + 'switches it to normal in its configuration (recoveryOnly).') : null,
      h('div', { class: 'tiles' },
        tile('Protected resources', total, '#/policies'),
        tile('Backups in the last 24 h', Object.values(d.lastDay).reduce((a, b) => a + b, 0), '#/backups'),
        tile('Open alerts', d.openAlerts, '#/alerts', d.openAlerts > 0),
        tile('Recovery points at risk', d.atRisk.length, '#dashboard-risk', d.atRisk.length > 0)),
      h('h2', {}, 'Last 24 hours'),
      h('ul', { class: 'counts' }, STATUSES.map(([status, text]) =>
        h('li', {}, h('span', { class: `status-${status}` }, String(d.lastDay[status] || 0)), ` ${text}`))),
      h('h2', { id: 'dashboard-risk' }, 'Recovery points at risk'),
      d.atRisk.length
        ? table('Policies at risk', ['Policy', 'Resources', 'Last good backup', 'Missed run'], d.atRisk.map((r) => h('tr', {},
          h('td', {}, h('a', { href: `#/policies/${r.policyId}` }, r.policyName)), h('td', {}, String(r.targets)),
          h('td', {}, r.lastGoodBackup ? when(r.lastGoodBackup) : 'never'), h('td', { class: 'status-FAILED' }, when(r.missedRun)))))
        : h('p', {}, 'Every scheduled policy has a recent good backup.'),
      h('h2', {}, 'What is protected'),
      d.protectedResources.length
        ? table('Protected resources by type and account', ['Type', 'Account', 'Resources'], d.protectedResources.map((c) => h('tr', {},
          h('td', {}, c.typeId), h('td', {}, c.accountName), h('td', {}, String(c.resources)))))
        : h('p', {}, 'Nothing yet: add resources to a policy.'),
      h('h2', {}, 'Running now'),
      d.running.length || d.recovering.length
        ? h('ul', {}, d.running.map((b) => h('li', {}, h('a', { href: `#/backups/${b.id}` }, `Backup #${b.id}`),
          ` of ${b.policyName}, since ${when(b.started)}`)),
        d.recovering.map((r) => h('li', {}, h('a', { href: `#/recoveries/${r.id}` }, `Recovery #${r.id}`),
          ` of ${r.kind} ${r.key}, since ${when(r.started)}`)))
        : h('p', {}, 'No backup or recovery is running.'),
      h('h2', {}, 'Disaster recovery'),
      d.inDr.length
        ? h('ul', { id: 'dr-running' }, d.inDr.map((b) => h('li', {}, h('a', { href: `#/backups/${b.id}` }, `Backup #${b.id}`),
          ` of ${b.policyName}: copies to other regions under way`)))
        : h('p', {}, 'No DR copies are under way.'),
      h('p', { class: 'hint' }, `As of ${when(d.at)}`)));
    if (d.running.length || d.recovering.length || d.inDr.length) later(load, 5000);
  }
  await load();
  return h('section', {}, h('h1', {}, 'Dashboard'), body);
}

function tile(label, value, href, warn = false) {
  return h('a', { class: warn ? 'tile warn' : 'tile', href }, h('span', { class: 'tile-value' }, String(value)),
    h('span', { class: 'tile-label' }, label));
}
