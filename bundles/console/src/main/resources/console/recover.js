// Recovery (guide 9): the panel of a backup, with a form per recoverable made from the options its plugin
// declares (so a hot-deployed type gets its form for free), and the recovery monitor with its live log.
import * as api from './api.js';
import { h, field, form, announce, when, table } from './ui.js';
import { later } from './screens.js';

export async function panel(backupId) {
  const p = await api.get(`/backups/${backupId}/recovery`);
  const items = h('div', { 'aria-live': 'polite' });
  const draw = (shown) => {
    const parts = shown.recoverables.map((r) => recoverable(backupId, r, shown.region));
    items.replaceChildren(...(parts.length ? parts : [h('p', {}, shown.region
      ? `Nothing of this backup was copied whole to ${shown.region}.` : 'Nothing in this backup can be recovered.')]));
  };
  draw(p);
  // Guide 10.5: recover from the DR copies in another region; the API blanks the defaults that name the origin's
  // zones, subnets, security groups and images.
  const where = p.drRegions.length ? field('Recover in', 'region', { options: [['', 'the origin (the backup itself)'],
    ...p.drRegions.map((r) => [r, `${r} (from DR copies)`])] }, 'Defaults of the origin region are left blank in a DR region') : null;
  where?.querySelector('select').addEventListener('change', async (e) => {
    const region = e.target.value;
    draw(region ? await api.get(`/backups/${backupId}/recovery?region=${encodeURIComponent(region)}`) : p);
    announce(region ? `Recovering from the DR copies in ${region}` : 'Recovering from the backup itself');
  });
  return h('section', {}, h('h1', {}, `Recover from backup #${backupId}`),
    h('p', {}, `Policy ${p.backup.policyName}, taken ${when(p.backup.started)}, ${p.backup.status}`),
    p.unavailable.length ? h('p', { class: 'alert' }, `No installed plugin recovers: ${p.unavailable.join(', ')}`) : null,
    where, items,
    p.scripts.length ? h('details', {}, h('summary', {}, 'Output of the backup\'s scripts'),
      h('pre', { class: 'log' }, p.scripts.map((s) => `${s.phase} ${s.script}: ${s.outcome}`
        + `${s.exitCode != null ? ` (exit ${s.exitCode})` : ''}${s.stderr ? `\n${s.stderr}` : ''}`).join('\n'))) : null,
    h('p', {}, h('a', { href: `#/backups/${backupId}` }, `Back to backup #${backupId}`)));
}

function recoverable(backupId, r, region) {
  const defaults = Object.fromEntries(r.options.map((o) => [o.name, o.defaultValue ?? '']));
  const fields = r.options.map((o) => o.allowed && o.allowed.length
    ? field(o.name, o.name, { options: o.allowed.map((v) => [v, v || '(none)']), value: o.defaultValue ?? '' }, o.description)
    : field(o.name, o.name, { value: o.defaultValue ?? '' }, o.description));
  const f = form(`Recover ${r.label}`, fields, `Recover ${r.kind}`, async (v) => {
    // Only what the user changed is sent: the rest takes the panel's defaults on the server
    const choices = Object.fromEntries(Object.entries(v).filter(([name, value]) => value !== defaults[name]));
    const started = await api.post(`/backups/${backupId}/recovery`, region ? { key: r.key, choices, region } : { key: r.key, choices });
    announce(`Recovery #${started.id} started`);
    location.hash = `#/recoveries/${started.id}`;
  });
  return h('section', { class: 'card', 'aria-labelledby': `rec-${r.key}` },
    h('h2', { id: `rec-${r.key}` }, r.label),
    h('p', {}, `${r.kind} in ${r.region}, from ${r.artifacts.length} artifact${r.artifacts.length === 1 ? '' : 's'}`),
    r.notes.length ? h('ul', { class: 'notes' }, r.notes.map((n) => h('li', {}, n))) : null,
    h('details', {}, h('summary', {}, `Options of this ${r.kind}`), f));
}

export async function recovery(id) {
  const head = h('div', {});
  const made = h('div', {});
  const log = h('div', {});
  async function load() {
    const [r, items, entries] = await Promise.all([api.get(`/recoveries/${id}`), api.get(`/recoveries/${id}/resources`),
      api.get(`/recoveries/${id}/log`)]);
    head.replaceChildren(h('p', {}, 'Status: ', h('strong', { class: `status-${r.status}`, id: 'recovery-status' }, r.status)),
      h('p', {}, `${r.kind} ${r.key} from backup `, h('a', { href: `#/backups/${r.backupId}` }, `#${r.backupId}`),
        ` of policy ${r.policyName}, started ${when(r.started)}`, r.ended ? `, ended ${when(r.ended)}` : ''),
      r.message ? h('p', {}, r.message) : null);
    made.replaceChildren(items.length ? table('Created in AWS', ['Kind', 'AWS id', 'Region', 'State'], items.map((i) => h('tr', {},
      h('td', {}, i.kind), h('td', {}, i.awsId || ''), h('td', {}, i.region), h('td', {}, i.state))))
      : h('p', {}, 'Nothing created yet.'));
    log.replaceChildren(h('pre', { class: 'log' }, entries.map((e) => `${when(e.time)}  ${e.level}  ${e.message}`).join('\n')));
    if (r.status === 'IN_PROGRESS') later(load, 2000);
    else announce(`Recovery ${id} ${r.status.toLowerCase()}`);
  }
  await load();
  return h('section', {}, h('h1', {}, `Recovery #${id}`), h('div', { 'aria-live': 'polite' }, head),
    h('h2', {}, 'Created'), made, h('h2', {}, 'Log'), log, h('p', {}, h('a', { href: '#/recoveries' }, 'All recoveries')));
}

export async function recoveries() {
  const list = await api.get('/recoveries?limit=100');
  return h('section', {}, h('h1', {}, 'Recoveries'), list.length
    ? table('Recoveries', ['Recovery', 'What', 'Backup', 'Policy', 'Status', 'Started'], list.map((r) => h('tr', {},
      h('td', {}, h('a', { href: `#/recoveries/${r.id}` }, `#${r.id}`)), h('td', {}, `${r.kind} ${r.key}`),
      h('td', {}, h('a', { href: `#/backups/${r.backupId}` }, `#${r.backupId}`)), h('td', {}, r.policyName),
      h('td', { class: `status-${r.status}` }, r.status), h('td', {}, when(r.started)))))
    : h('p', {}, 'No recoveries yet.'));
}
