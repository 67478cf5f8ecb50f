// Root's settings screen: what the REST API lets root set for the whole installation. Today that is tag scanning
// (guide 13): automatic scans and their interval, which accounts are scanned, scan now and the last scans' logs.
// Every rule is the API's; a refusal is shown next to the field it names. Settings that only Karaf's configuration
// files hold (etc/io.haven.*.cfg) are not in the API and so not here.
import * as api from './api.js';
import { h, field, form, announce, when, table, action } from './ui.js';

function scanLogs(logs, accounts) {
  if (!logs.length) return h('p', {}, 'No tag scan has run yet.');
  const names = Object.fromEntries(accounts.map((a) => [a.id, a.name]));
  // One element, so that replaceChildren takes it as it is (an array would be printed as text)
  return h('div', {}, logs.map((log) => h('section', { 'aria-label': `Last tag scan of ${log.accountName || names[log.accountId]}` },
    h('h3', {}, `${log.accountName || names[log.accountId]}: ${log.tagged} tagged, ended ${when(log.ended)}`),
    log.entries.length
      ? table(`Last tag scan of ${log.accountName}`, ['What', 'Resource', 'Region', 'Policy', 'Tag', 'Message'], log.entries.map((e) => h('tr', {},
        h('td', { class: e.kind === 'ERROR' ? 'severity-ERROR' : null }, e.kind), h('td', {}, e.resourceId || ''), h('td', {}, e.region || ''),
        h('td', {}, e.policy || ''), h('td', {}, e.tagValue || ''), h('td', {}, e.message))))
      : h('p', {}, 'Everything was where the tags say.'))));
}

export async function settings() {
  const [scan, accounts, logs] = await Promise.all([api.get('/tag-scan-settings'), api.get('/accounts'), api.get('/tag-scans/last')]);
  const scanForm = form('Tag scan settings', [
    field('Automatic tag scans', 'enabled', { options: [['false', 'off'], ['true', 'on']], value: String(scan.enabled) },
      'While on, a scan runs one interval after the last one ended; Scan now works either way'),
    field('Hours between scans', 'intervalHours', { type: 'number', min: '1', inputmode: 'numeric', value: String(scan.intervalHours) }),
  ], 'Save tag scan settings', async (v) => {
    const saved = await api.call('PUT', '/tag-scan-settings', {
      enabled: v.enabled === 'true', intervalHours: v.intervalHours === '' ? null : Number(v.intervalHours) });
    const text = saved.enabled ? `Tag scans every ${saved.intervalHours} hours` : `Automatic tag scans off (interval ${saved.intervalHours} hours)`;
    announce(`Tag scan settings saved: ${text}`);
  });

  // Scan Resources (guide 13) is an account's setting; root sets it here for the accounts it sees.
  const listing = h('div', { 'aria-live': 'polite' });
  const draw = () => listing.replaceChildren(accounts.length
    ? table('Accounts and tag scans', ['Account', 'Scan Resources', 'Actions'], accounts.map((a) => h('tr', {},
      h('td', {}, a.name), h('td', {}, a.scanResources ? 'on' : 'off'),
      h('td', {}, action(a.scanResources ? 'Turn off' : 'Turn on', `${a.scanResources ? 'Turn off' : 'Turn on'} Scan Resources of ${a.name}`, async () => {
        accounts[accounts.indexOf(a)] = await api.call('PUT', `/accounts/${a.id}/scan-resources`, { scanResources: !a.scanResources });
        draw();
        announce(`Scan Resources of ${a.name} is ${a.scanResources ? 'off' : 'on'}`);
      })))))
    : h('p', {}, 'No accounts yet.'));
  draw();

  const results = h('div', { id: 'scan-logs', 'aria-live': 'polite' }, scanLogs(logs, accounts));
  const scanNow = action('Scan now', 'Scan now: every account with Scan Resources on', async (button) => {
    button.disabled = true;
    announce('Tag scan started');
    try {
      const done = await api.post('/tag-scans');
      results.replaceChildren(scanLogs(done, accounts));
      announce(`Tag scan done: ${done.length} account${done.length === 1 ? '' : 's'} scanned`);
    } finally {
      button.disabled = false;
    }
  });

  return h('section', {}, h('h1', {}, 'Settings'),
    h('h2', {}, 'Tag scans'), scanForm,
    h('h2', {}, 'Accounts scanned'), listing,
    h('div', { class: 'row' }, scanNow),
    h('h2', {}, 'Last scan of each account'), results,
    h('h2', {}, 'Other settings'),
    h('p', {}, 'The daily summary\'s time, the scripts folder, housekeeping, retention of deleted records and of the audit log, '
      + 'DR copies in flight, the resume window and AWS client settings are set in Haven\'s configuration files '
      + '(etc/io.haven.core.cfg and the others), not through the API; see the configuration documentation.'));
}
