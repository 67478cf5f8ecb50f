// Recovery (guide 9): the panel of a backup, with a form per recoverable made from the options its plugin
// declares (so a hot-deployed type gets its form for free), and the recovery monitor with its live log.
import * as api from './api.js';
import { h, field, form, announce, when, table } from './ui.js';
import { later } from './screens.js';

export async function panel(backupId) {
  const p = await api.get(`/backups/${backupId}/recovery`);
  const items = h('div', { 'aria-live': 'polite' });
  // Where the recovery is made from (the backup, a DR region's copies, a DR account's copies) and into (where the
  // artifacts are, or another account of the user they are shared with); core checks both on every load and start.
  let at = { region: null, drAccountId: null, targetAccountId: null };
  let drAccount = null;
  // the account the recovery runs in, as the AMI assistant names where it searched
  const runsIn = (shown) => {
    const target = shown.targetAccounts.find((a) => a.id === shown.targetAccountId);
    if (target) return ` in account ${target.name}`;
    return at.drAccountId ? ` in DR account ${drAccount}` : '';
  };
  const draw = (shown) => {
    const parts = shown.recoverables.map((r) => recoverable(backupId, r, at, runsIn(shown)));
    items.replaceChildren(...(parts.length ? parts : [h('p', {}, shown.region
      ? `Nothing of this backup was copied whole to ${shown.region}.` : 'Nothing in this backup can be recovered.')]));
  };
  const load = async () => {
    const query = new URLSearchParams(Object.entries(at).filter(([, value]) => value != null)).toString();
    const shown = query ? await api.get(`/backups/${backupId}/recovery?${query}`) : p;
    draw(shown);
    return shown;
  };
  draw(p);
  // Guide 10.5 and 11.5: recover from the DR copies in another region, or from the copies in the policy's DR account
  // (the recovery is then made in that account); the API blanks the defaults that name the origin's zones, subnets,
  // security groups and images.
  drAccount = p.drAccountRegions.length ? await accountName(p.drAccountId) : null;
  const sources = [['', 'the origin (the backup itself)'], ...p.drRegions.map((r) => [r, `${r} (from DR copies)`]),
    ...p.drAccountRegions.map((r) => [`${IN_DR_ACCOUNT}${r}`, `${r} in DR account ${drAccount} (from its copies)`])];
  const where = sources.length > 1 ? field('Recover from', 'region', { options: sources },
    'Defaults of the origin are left blank for copies; a recovery from a DR account\'s copies is made in that account') : null;
  // Guide 10.5: into another account of the user, which the artifacts are shared with first; the choices are the
  // panel's (core decides which accounts can take them), and they change with where the artifacts are.
  const into = field('Recover into', 'targetAccountId', { options: [] },
    'Another account is given the snapshots (shared with it) and the recovery is made there; defaults of the '
    + 'snapshots\' own account are left blank');
  const intoSelect = into.querySelector('select');
  const offerAccounts = (shown) => {
    intoSelect.replaceChildren(h('option', { value: '' }, at.drAccountId
      ? `where the copies are (DR account ${drAccount})` : 'where the backup is (its own account)'),
    ...shown.targetAccounts.map((a) => h('option', { value: a.id }, `${a.name} (AWS account ${a.awsAccountId})`)));
    intoSelect.value = at.targetAccountId ?? '';
    into.hidden = !shown.targetAccounts.length;
  };
  offerAccounts(p);
  const whereSelect = where?.querySelector('select');
  // A choice core refuses is named next to it, and both choices go back to what the shown panel is of
  const showing = async (change, said, changed) => {
    const before = at;
    const slot = changed.querySelector('.error');
    slot.textContent = '';
    at = { ...at, ...change };
    try {
      offerAccounts(await load());
      announce(said);
    } catch (problem) {
      at = before;
      slot.textContent = problem.message;
      intoSelect.value = at.targetAccountId ?? '';
      if (whereSelect) whereSelect.value = at.drAccountId ? `${IN_DR_ACCOUNT}${at.region}` : (at.region ?? '');
    }
  };
  whereSelect?.addEventListener('change', (e) => {
    const inAccount = e.target.value.startsWith(IN_DR_ACCOUNT);
    const region = inAccount ? e.target.value.slice(IN_DR_ACCOUNT.length) : e.target.value;
    // the accounts the artifacts can be shared with depend on where they are: the choice starts again
    showing({ region: region || null, drAccountId: inAccount ? p.drAccountId : null, targetAccountId: null },
      !region ? 'Recovering from the backup itself'
        : `Recovering from the copies in ${region}${inAccount ? ` of DR account ${drAccount}` : ''}`, where);
  });
  intoSelect.addEventListener('change', (e) => {
    const chosen = e.target.value ? Number(e.target.value) : null;
    showing({ targetAccountId: chosen }, chosen
      ? `Recovering into account ${e.target.selectedOptions[0].textContent} after sharing the snapshots with it`
      : 'Recovering where the artifacts are', into);
  });
  return h('section', {}, h('h1', {}, `Recover from backup #${backupId}`),
    h('p', {}, `Policy ${p.backup.policyName}, taken ${when(p.backup.started)}, ${p.backup.status}`),
    p.unavailable.length ? h('p', { class: 'alert' }, `No installed plugin recovers: ${p.unavailable.join(', ')}`) : null,
    where, into, items,
    p.scripts.length ? h('details', {}, h('summary', {}, 'Output of the backup\'s scripts'),
      h('pre', { class: 'log' }, p.scripts.map((s) => `${s.phase} ${s.script}: ${s.outcome}`
        + `${s.exitCode != null ? ` (exit ${s.exitCode})` : ''}${s.stderr ? `\n${s.stderr}` : ''}`).join('\n'))) : null,
    h('p', {}, h('a', { href: `#/backups/${backupId}` }, `Back to backup #${backupId}`)));
}

const IN_DR_ACCOUNT = 'dr-account:';

/** An account's name for the panel's choices; its number when the caller cannot read it. */
async function accountName(id) {
  try {
    return (await api.get(`/accounts/${id}`)).name;
  } catch (e) {
    return `#${id}`;
  }
}

/**
 * One recoverable's card and form; `at` is where the panel recovers from and into, sent with the recovery as is, and
 * `account` names the account the recovery runs in (empty: the backup's own).
 */
function recoverable(backupId, r, at, account) {
  const defaults = Object.fromEntries(r.options.map((o) => [o.name, o.defaultValue ?? '']));
  const fields = r.options.map((o) => {
    const made = o.allowed && o.allowed.length
      ? field(o.name, o.name, { options: o.allowed.map((v) => [v, v || '(none)']), value: o.defaultValue ?? '' }, o.description)
      : field(o.name, o.name, { value: o.defaultValue ?? '' }, o.description);
    // The plugin says which option the AMI assistant fills (`lookup`: `images` the AMI itself, `images.<attribute>`
    // that attribute of the AMI chosen, such as its kernel), so no type's field names are known here. The assistant
    // searches the account the recovery is made in: core takes the same DR and target accounts as the panel.
    const found = imageLookup(o.lookup);
    if (found) amiAssistant(backupId, r, at, account, made, found.attribute);
    return made;
  });
  const f = form(`Recover ${r.label}`, fields, `Recover ${r.kind}`, async (v) => {
    // Only what the user changed is sent: the rest takes the panel's defaults on the server
    const choices = Object.fromEntries(Object.entries(v).filter(([name, value]) => value !== defaults[name]));
    const started = await api.post(`/backups/${backupId}/recovery`, { key: r.key, choices, region: at.region ?? undefined,
      drAccountId: at.drAccountId ?? undefined, targetAccountId: at.targetAccountId ?? undefined });
    announce(`Recovery #${started.id} started`);
    location.hash = `#/recoveries/${started.id}`;
  });
  return h('section', { class: 'card recoverable', 'aria-labelledby': `rec-${r.key}` },
    h('h2', { id: `rec-${r.key}` }, r.label),
    h('p', {}, `${r.kind} in ${r.region}, from ${r.artifacts.length} artifact${r.artifacts.length === 1 ? '' : 's'}`),
    r.notes.length ? h('ul', { class: 'notes' }, r.notes.map((n) => h('li', {}, n))) : null,
    h('details', {}, h('summary', {}, `Options of this ${r.kind}`), f));
}

/** What an option's `lookup` asks of the AMI assistant: the image (attribute null) or one attribute of it; else null. */
function imageLookup(lookup) {
  if (lookup === 'images') return { attribute: null };
  if (lookup && lookup.startsWith('images.')) return { attribute: lookup.slice('images.'.length) };
  return null;
}

/**
 * The AMI assistant (guide 9.2.3) beside an AMI field, or beside a field that takes an attribute of an AMI (the kernel
 * and RAM disk of an image like the original, guide 10.5): the original AMI as the backup recorded it and the images
 * of the recovery's region that match it, as core found them (exact first, then similar, best first); Use fills the
 * field with the image's id, or with its attribute (only images that have it are offered then).
 */
function amiAssistant(backupId, r, at, account, made, attribute) {
  const region = at.region || r.region;
  const where = `${region}${account}`;
  // the record and the search take the same region and accounts: core reads both where the recovery runs
  const query = new URLSearchParams([['region', region], ...Object.entries({ drAccountId: at.drAccountId,
    targetAccountId: at.targetAccountId }).filter(([, id]) => id != null)]);
  const input = made.querySelector('input, select');
  const panelId = `${input.id}-assistant`;
  const panel = h('section', { id: panelId, class: 'assistant', hidden: true, 'aria-label': `AMI assistant for ${r.label}` });
  const base = `/backups/${backupId}/recovery/${encodeURIComponent(r.key)}`;
  const close = () => { panel.hidden = true; open.setAttribute('aria-expanded', 'false'); };
  const valueOf = (image) => (attribute ? image.attributes[attribute] : image.id);
  const choose = (image) => {
    input.value = valueOf(image);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    close();
    input.focus();
    announce(attribute ? `${attribute} ${valueOf(image)} of AMI ${image.id} chosen` : `AMI ${image.id} chosen`);
  };
  const open = h('button', { type: 'button', class: 'secondary',
    // the accessible name starts with the visible text (WCAG 2.5.3)
    'aria-label': attribute ? `Find in the AMIs the ${attribute} for ${r.label}` : `Find an AMI for ${r.label}`,
    'aria-expanded': 'false', 'aria-controls': panelId,
    onclick: async () => {
      if (!panel.hidden) { close(); return; }
      panel.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      panel.replaceChildren(h('p', {}, `Searching ${where} for AMIs like the original…`));
      try {
        const [original, all] = await Promise.all([api.get(`${base}/image?${query}`),
          api.get(`${base}/images?${query}&match=similar`)]);
        const found = all.filter((image) => valueOf(image));
        panel.replaceChildren(h('h3', {}, `AMIs in ${where}`), Object.keys(original).length ? recordedImage(original) : null,
          found.length ? imageTable(`AMIs in ${where} that fit ${r.label}`, found, choose, attribute)
            : h('p', {}, attribute ? `No AMI in ${where} that fits the original has a ${attribute}.`
              : `No AMI in ${where} fits the original.`),
          h('button', { type: 'button', class: 'secondary', onclick: () => { close(); open.focus(); } }, 'Close'));
        announce(`${found.length} AMI${found.length === 1 ? '' : 's'} found in ${where}`);
      } catch (p) {
        panel.replaceChildren(h('p', { class: 'alert', role: 'alert' }, p.message),
          h('button', { type: 'button', class: 'secondary', onclick: () => { close(); open.focus(); } }, 'Close'));
      }
    } }, attribute ? 'Find in the AMIs' : 'Find an AMI');
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { close(); open.focus(); } });
  input.after(open);
  made.append(panel);
}

/**
 * The images found, in four columns that wrap so that they read in the recovery card without scrolling sideways (down
 * to a tablet); a long description is cut to a few lines and is whole in its title.
 */
function imageTable(caption, found, choose, attribute) {
  const wrap = table(caption, ['Choose', 'AMI', 'Match and details', 'Description'], found.map((image) => h('tr', {},
    h('td', {}, h('button', { type: 'button', onclick: () => choose(image),
      'aria-label': attribute ? `Use ${attribute} ${image.attributes[attribute]} of AMI ${image.id}` : `Use AMI ${image.id}` },
    'Use')),
    h('td', {}, h('strong', {}, image.id), h('br'), image.name || '',
      attribute ? [h('br'), `${attribute}: ${image.attributes[attribute]}`] : null),
    h('td', {}, image.attributes.match, h('br'), [image.attributes.architecture, when(image.attributes.creationDate),
      image.attributes.ownerId ? `owner ${image.attributes.ownerId}` : ''].filter(Boolean).join(', ')),
    h('td', {}, h('span', { class: 'clamp', title: image.attributes.description || '' }, image.attributes.description || '')))));
  wrap.querySelector('table').classList.add('images');
  return wrap;
}

/** The original AMI's details as recorded at backup time (guide 9.2.3), kept when the AMI was deleted since. */
function recordedImage(image) {
  const facts = [['AMI ID', image.id], ['Region', image.region], ['Image name', image.name], ['Description', image.description],
    ['Owner', image.ownerId], ['Architecture', image.architecture], ['Platform', image.platform],
    ['Root device', [image.rootDeviceType, image.rootDeviceName].filter(Boolean).join(' ')],
    ['Virtualization', image.virtualizationType]].filter(([, value]) => value);
  return h('details', {}, h('summary', {}, 'The original AMI, as the backup recorded it'),
    h('dl', { class: 'facts' }, facts.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])));
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
