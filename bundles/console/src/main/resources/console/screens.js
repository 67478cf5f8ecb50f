// The screens of the core flow. Each returns an element; what it shows comes from the API as it is.
import * as api from './api.js';
import { h, field, check, form, values, announce, when, instant, table, action } from './ui.js';
import { limitsText } from './users.js';

let timers = [];

/** Stops the live updates of the screen being left. */
export function leave() {
  timers.forEach(clearTimeout);
  timers = [];
}

export function later(fn, ms) {
  timers.push(setTimeout(fn, ms));
}

export function signIn(done, offer = {}) {
  // The one-time code field appears when the API says this user needs one (after the right password).
  const codeField = field('One-time code', 'code', { autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: '6' },
    'The 6-digit code your authenticator app shows now');
  codeField.hidden = true;
  const f = form('Sign in', [
    field('User name', 'username', { autocomplete: 'username', required: true }),
    field('Password', 'password', { type: 'password', autocomplete: 'current-password', required: true }),
    codeField,
  ], 'Sign in', async ({ username, password, code }) => {
    try {
      done(await api.signIn(username, password, codeField.hidden ? undefined : code));
    } catch (problem) {
      if (!(problem.type || '').endsWith('second-factor-required')) throw problem;
      codeField.hidden = false;
      codeField.querySelector('input').focus();
      announce('Enter the one-time code of your authenticator app');
    }
  });
  // Guide 17.5: users of the organisation's identity provider sign in there; root always signs in here.
  const idp = offer.available
    ? h('p', { class: 'card' }, h('a', { href: `${offer.signInPath}?returnTo=${encodeURIComponent('/console/#/dashboard')}`, id: 'idp-sign-in' },
      'Sign in with your identity provider'))
    : null;
  return h('section', {}, h('h1', {}, 'Sign in to Haven'), f, idp);
}

/** Two-step sign-in (TOTP): start it, prove it with a code, or turn it off with a code. */
async function secondFactor() {
  const section = h('section', { 'aria-labelledby': 'second-factor-heading' },
    h('h2', { id: 'second-factor-heading' }, 'Two-step sign-in'));
  const body = h('div', { 'aria-live': 'polite' });
  section.append(body);
  const codeInput = () => field('Code from the app', 'code', { autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: '6' });
  const draw = async () => {
    const { state } = await api.get('/second-factor');
    if (state === 'ON') {
      body.replaceChildren(h('p', {}, 'On: every sign-in with your password also asks for the code of your authenticator app.'),
        form('Turn two-step sign-in off', [codeInput()], 'Turn off', async (v) => {
          await api.call('POST', '/second-factor/turn-off', v);
          announce('Two-step sign-in is off');
          await draw();
        }));
      return;
    }
    const start = h('button', { type: 'button', onclick: async () => {
      const enrollment = await api.call('POST', '/second-factor');
      body.replaceChildren(
        h('p', {}, 'Add this key to your authenticator app (it is shown only now), then enter the code it shows.'),
        h('dl', {}, h('dt', {}, 'Key'), h('dd', {}, h('code', { 'data-secret': '' }, enrollment.secret)),
          h('dt', {}, 'Link for apps'), h('dd', {}, h('code', {}, enrollment.uri))),
        form('Turn two-step sign-in on', [codeInput()], 'Turn on', async (v) => {
          await api.call('PUT', '/second-factor', v);
          announce('Two-step sign-in is on');
          await draw();
        }));
    } }, state === 'PENDING' ? 'Start again' : 'Turn on two-step sign-in');
    body.replaceChildren(h('p', {}, state === 'PENDING'
      ? 'Started but not confirmed: start again to get a new key.' : 'Off: your password alone signs you in.'), start);
  };
  await draw();
  return section;
}

export async function password() {
  // The signed-in user's own resource limits (guide 16.2), which root sets: shown, never edited here.
  const me = await api.session();
  // A delegate has no profile of its own (it acts in its principal's world).
  const profile = me && me.type !== 'DELEGATE' ? await api.get(`/users/${me.userId}`) : null;
  const limits = profile ? h('section', { 'aria-labelledby': 'my-limits' }, h('h2', { id: 'my-limits' }, 'Your resource limits'),
    h('p', {}, limitsText(profile.limits)), h('p', { class: 'hint' }, 'Set by root; none means no limit.')) : null;
  const f = form('Change password', [
    field('Current password', 'currentPassword', { type: 'password', autocomplete: 'current-password' }),
    field('New password', 'newPassword', { type: 'password', autocomplete: 'new-password' },
      'At least 12 characters; a passphrase is best'),
  ], 'Change password', async (v, el) => {
    await api.call('PUT', '/password', v);
    el.reset();
    announce('Password changed');
    // Core ends every session of the user, this one too: whoever knew the old password is out.
    el.prepend(h('p', { class: 'notice', role: 'status' },
      'Your password was changed and every session ended, this one too: sign in again with the new password.'));
  });
  // Everyone but a delegate may have delegates (guide 16.4); the API decides anyway.
  const yours = me && me.type !== 'DELEGATE'
    ? h('p', {}, h('a', { href: `#/users/${me.userId}/delegates` }, 'Your delegates'), ': other sign-ins that act in your world.')
    : null;
  return h('section', {}, h('h1', {}, 'Password and sign-in'), f, limits, await secondFactor(), yours);
}

// What an account is for (guide 3.2.1); a DR account only receives cross-account DR copies (guide 11)
const ACCOUNT_TYPES = [['BACKUP', 'Backup: its resources are backed up'], ['DR', 'DR: it receives copies of backups (guide 11)']];
const AUTH_METHODS = [['ACCESS_KEYS', 'Access keys'], ['INSTANCE_ROLE', "Haven's instance role"],
  ['ASSUME_ROLE', 'A role, assumed through another account']];
// The fields each authentication method takes; the others are hidden and not sent
const AUTH_FIELDS = { ACCESS_KEYS: ['accessKeyId', 'secretAccessKey'], INSTANCE_ROLE: [],
  ASSUME_ROLE: ['viaAccountId', 'roleAccountNumber', 'roleName', 'externalId'] };

function accountType(a) {
  if (a.type !== 'DR') return 'backup';
  return a.allowDeletingSnapshots ? 'DR' : 'DR, keeps deleted copies (tagged cpm_deleted)';
}

export async function accounts() {
  const list = await api.get('/accounts');
  const result = h('div', { role: 'status' });
  const listing = h('div', {});
  const row = (a) => h('tr', {},
    h('td', {}, a.name), h('td', {}, accountType(a)), h('td', {}, a.authMethod), h('td', {}, a.awsAccountId || ''),
    h('td', {},
      // Only a DR account may keep its snapshots (core refuses it for the others)
      a.type === 'DR' ? action(a.allowDeletingSnapshots ? 'Keep deleted copies' : 'Allow deleting',
        `${a.allowDeletingSnapshots ? 'Keep deleted copies in' : 'Allow deleting snapshots in'} ${a.name}`, async () => {
          list[list.indexOf(a)] = await api.call('PUT', `/accounts/${a.id}/allow-deleting-snapshots`,
            { allowDeletingSnapshots: !a.allowDeletingSnapshots });
          draw();
          announce(`Account ${a.name}: ${accountType(list.find((x) => x.id === a.id))}`);
        }, { class: 'secondary' }) : null,
      action('Edit', `Edit account ${a.name}`, async () => edit(a), { class: 'secondary' }),
      action('Delete', `Delete account ${a.name}`, async () => {
        if (!confirm(`Delete the account ${a.name}?`)) return;
        await api.del(`/accounts/${a.id}`);
        list.splice(list.indexOf(a), 1);
        draw();
        announce(`Account ${a.name} deleted`);
      }, { class: 'danger' })));
  const via = field('Through the account', 'viaAccountId', { options: [] }, 'Its credentials assume the role');
  const draw = () => {
    listing.replaceChildren(list.length ? table('Accounts', ['Name', 'Type', 'Authentication', 'AWS account', 'Actions'],
      list.map(row)) : h('p', {}, 'No accounts yet.'));
    const select = via.querySelector('select');
    const chosen = select.value;
    select.replaceChildren(...list.map((a) => h('option', { value: a.id }, a.name)));
    select.value = chosen;
  };
  draw();
  // Guide 16.4 "edit accounts, modify credentials": a new name, or new credentials that core verifies with AWS (they
  // must reach the same AWS account); left on "keep", the credentials stay and only the name changes
  const editor = h('section', { 'aria-labelledby': 'edit-account', hidden: true });
  const edit = (a) => {
    const editVia = field('Through the account', 'viaAccountId', { options: list.filter((x) => x.id !== a.id)
      .map((x) => [String(x.id), x.name]) }, 'Its credentials assume the role');
    const f = form(`Edit account ${a.name}`, [
      field('Name', 'name', { value: a.name }),
      field('Credentials', 'authMethod', { options: [['', 'Keep the current ones'], ...AUTH_METHODS] }),
      field('Access key id', 'accessKeyId', { autocomplete: 'off' }),
      field('Secret access key', 'secretAccessKey', { type: 'password', autocomplete: 'off' }),
      editVia,
      field('AWS account of the role', 'roleAccountNumber', { autocomplete: 'off', inputmode: 'numeric' }, '12 digits'),
      field('Role name', 'roleName', { autocomplete: 'off' }),
      field('External id (optional)', 'externalId', { autocomplete: 'off' }),
      field('Endpoint (optional)', 'endpoint', { value: a.endpoint || '' }, 'Only for an AWS-compatible emulator'),
    ], 'Save and verify', async (v) => {
      const body = { name: v.name };
      if (v.authMethod) {
        body.authMethod = v.authMethod;
        AUTH_FIELDS[v.authMethod].filter((name) => v[name]).forEach((name) => { body[name] = v[name]; });
        if (body.viaAccountId) body.viaAccountId = Number(body.viaAccountId);
        if (v.endpoint) body.endpoint = v.endpoint;
      }
      const saved = await api.call('PUT', `/accounts/${a.id}`, body);
      list[list.findIndex((x) => x.id === a.id)] = saved;
      draw();
      editor.hidden = true;
      const text = `Account ${saved.name} saved${v.authMethod ? ` and verified: AWS account ${saved.awsAccountId}` : ''}.`;
      announce(text);
      result.replaceChildren(h('p', { class: 'notice' }, text));
    });
    const chosen = f.querySelector('select[name=authMethod]');
    const showChosen = () => Object.entries(AUTH_FIELDS).forEach(([m, names]) => names.forEach((name) => {
      f.querySelector(`[name=${name}]`).closest('.field').hidden = m !== chosen.value;
    }));
    const showChosenAndEndpoint = () => {
      showChosen();
      // the endpoint goes with new credentials; kept ones keep theirs
      f.querySelector('[name=endpoint]').closest('.field').hidden = !chosen.value;
    };
    chosen.addEventListener('change', showChosenAndEndpoint);
    showChosenAndEndpoint();
    editor.replaceChildren(h('h2', { id: 'edit-account' }, `Edit ${a.name}`), f);
    editor.hidden = false;
    f.querySelector('[name=name]').focus();
  };
  const add = form('Add an account', [
    field('Name', 'name'),
    field('Type', 'type', { options: ACCOUNT_TYPES }),
    field('Authentication', 'authMethod', { options: AUTH_METHODS }),
    field('Access key id', 'accessKeyId', { autocomplete: 'off' }),
    field('Secret access key', 'secretAccessKey', { type: 'password', autocomplete: 'off' }),
    via,
    field('AWS account of the role', 'roleAccountNumber', { autocomplete: 'off', inputmode: 'numeric' }, '12 digits'),
    field('Role name', 'roleName', { autocomplete: 'off' }),
    field('External id (optional)', 'externalId', { autocomplete: 'off' }),
    field('Endpoint (optional)', 'endpoint', {}, 'Only for an AWS-compatible emulator'),
    check('Allow deleting snapshots', 'allowDeletingSnapshots', { checked: true, hint: 'Off, only for a DR account: '
      + 'when a backup is deleted, its copies here are tagged cpm_deleted instead of deleted' }),
  ], 'Add and verify', async (v, el) => {
    const body = { name: v.name, type: v.type, authMethod: v.authMethod, allowDeletingSnapshots: v.allowDeletingSnapshots === 'true' };
    AUTH_FIELDS[v.authMethod].filter((name) => v[name]).forEach((name) => { body[name] = v[name]; });
    if (body.viaAccountId) body.viaAccountId = Number(body.viaAccountId);
    if (v.endpoint) body.endpoint = v.endpoint;
    const created = await api.post('/accounts', body);
    el.reset();
    showMethod();
    list.push(created);
    draw();
    const text = `Account ${created.name} added and verified: AWS account ${created.awsAccountId}.`;
    announce(text);
    result.replaceChildren(h('p', { class: 'notice' }, text));
  });
  const method = add.querySelector('select[name=authMethod]');
  const showMethod = () => Object.entries(AUTH_FIELDS).forEach(([m, names]) => names.forEach((name) => {
    add.querySelector(`[name=${name}]`).closest('.field').hidden = m !== method.value;
  }));
  method.addEventListener('change', showMethod);
  showMethod();
  return h('section', {}, h('h1', {}, 'Accounts'), listing, result, editor, h('h2', {}, 'Add an account'), add);
}

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

function scheduleBody(v, el) {
  return {
    name: v.name, every: v.every === '' ? undefined : Number(v.every), unit: v.unit,
    start: instant(v.start), end: instant(v.end),
    weekdays: DAYS.filter((d) => el.querySelector(`input[value="${d}"]`).checked),
  };
}

export async function schedules() {
  const list = await api.get('/schedules');
  const preview = h('ol', { class: 'runs' });
  const previewNote = h('p', { class: 'hint', id: 'preview-note' });
  const f = form('New schedule', [
    field('Name', 'name'),
    h('div', { class: 'row' },
      field('Every', 'every', { type: 'number', min: '1', value: '1', inputmode: 'numeric' }),
      field('Unit', 'unit', { options: [['MINUTES', 'minutes'], ['HOURS', 'hours'], ['DAYS', 'days'], ['WEEKS', 'weeks'], ['MONTHS', 'months']], value: 'DAYS' })),
    field('Start', 'start', { type: 'datetime-local' }, 'Your browser\'s local time'),
    field('End (optional)', 'end', { type: 'datetime-local' }),
    h('fieldset', {}, h('legend', {}, 'Only on these days (none: every day)'),
      DAYS.map((d) => h('label', {}, h('input', { type: 'checkbox', value: d, name: 'weekday' }), ' ', d.charAt(0) + d.slice(1, 3).toLowerCase()))),
    h('section', { 'aria-labelledby': 'preview-h' }, h('h2', { id: 'preview-h' }, 'Next runs'), previewNote,
      h('div', { 'aria-live': 'polite' }, preview)),
  ], 'Save schedule', async (v, el) => {
    await api.post('/schedules', scheduleBody(v, el));
    announce(`Schedule ${v.name} saved`);
    location.hash = '#/schedules';
    location.reload();
  });
  let pending;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const v = values(f);
      if (!v.start) { previewNote.textContent = 'Choose a start to see the next runs.'; preview.replaceChildren(); return; }
      try {
        const runs = await api.post('/schedule-preview', { ...scheduleBody(v, f), name: v.name || 'preview' });
        previewNote.textContent = runs.length ? '' : 'This schedule never runs again.';
        preview.replaceChildren(...runs.map((r) => h('li', {}, h('time', { datetime: r }, when(r)))));
      } catch (p) {
        previewNote.textContent = p.message;
        preview.replaceChildren();
      }
    }, 250);
  };
  f.addEventListener('input', refresh);
  f.addEventListener('change', refresh);
  refresh();
  const rows = list.map((s) => h('tr', {}, h('td', {}, s.name), h('td', {}, `every ${s.every} ${s.unit.toLowerCase()}`),
    h('td', {}, when(s.nextRun))));
  return h('section', {}, h('h1', {}, 'Schedules'),
    list.length ? table('Schedules', ['Name', 'Repeats', 'Next run'], rows) : h('p', {}, 'No schedules yet.'),
    h('h2', {}, 'New schedule'), f);
}

export async function policies() {
  const [list, accountList, scheduleList] = await Promise.all([api.get('/policies'), api.get('/accounts'), api.get('/schedules')]);
  const names = Object.fromEntries(accountList.map((a) => [a.id, a.name]));
  const rows = list.map((p) => h('tr', {}, h('td', {}, h('a', { href: `#/policies/${p.id}` }, p.name)),
    h('td', {}, names[p.accountId] || p.accountId), h('td', {}, p.generations), h('td', {}, p.enabled ? 'enabled' : 'disabled')));
  const f = form('New policy', [
    field('Name', 'name'),
    // A DR account only receives copies (core refuses a policy on one): the policy's account is a backup account
    field('Account', 'accountId', { options: accountList.filter((a) => a.type !== 'DR').map((a) => [a.id, a.name]) }),
    field('Generations to keep', 'generations', { type: 'number', min: '1', value: '7', inputmode: 'numeric' }),
    field('Schedule', 'scheduleIds', { options: [['', 'none (run by hand)'], ...scheduleList.map((s) => [s.id, s.name])] }),
  ], 'Create policy', async (v) => {
    const created = await api.post('/policies', {
      name: v.name, accountId: Number(v.accountId), generations: v.generations === '' ? undefined : Number(v.generations),
      scheduleIds: v.scheduleIds ? [Number(v.scheduleIds)] : [],
    });
    announce(`Policy ${created.name} created`);
    location.hash = `#/policies/${created.id}`;
  });
  return h('section', {}, h('h1', {}, 'Policies'),
    list.length ? table('Policies', ['Name', 'Account', 'Generations', 'State'], rows) : h('p', {}, 'No policies yet.'),
    h('h2', {}, 'New policy'), accountList.length ? f : h('p', {}, h('a', { href: '#/accounts' }, 'Add an account'), ' first.'));
}

const YES_NO = [['true', 'yes'], ['false', 'no']];
const REMOVAL = [['NO', 'no: keep it, and the backup fails it'], ['YES', 'yes'], ['YES_AND_ALERT', 'yes, and warn in the backup log']];
const SUCCESS = [['NO_ISSUES', 'everything succeeds, scripts included'], ['SNAPSHOTS_SUCCEED', 'all snapshots succeed (script failures tolerated)']];

/**
 * Every option of a policy (guide 4.2, 7, 10.1), saved whole with PUT: a refusal shows next to the field it names and
 * every value stays. What is valid is the API's to say.
 */
function policyForm(p, schedules, accounts, saved) {
  const checked = new Set(p.scheduleIds);
  const scheduleBoxes = h('fieldset', { class: 'field' }, h('legend', {}, 'Schedules'),
    schedules.length ? schedules.map((s) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: `schedule-${s.id}`,
      value: 'on', checked: checked.has(s.id) }), ` ${s.name}`)) : h('p', {}, 'No schedules: the policy runs by hand.'),
    h('span', { class: 'error', 'data-error-for': 'scheduleIds' }));
  // Both are always in a stored policy, with core's effective values: the console keeps no defaults of its own.
  const { dr, scripts } = p;
  // Cross-account DR (guide 11) goes to one of the user's DR accounts; whether it may is core's to say
  const drAccounts = accounts.filter((a) => a.type === 'DR' || a.id === dr.account).map((a) => [a.id, a.name]);
  return form(`Settings of policy ${p.name}`, [
    field('Name', 'name', { value: p.name, required: true }),
    field('Description', 'description', { value: p.description ?? '' }),
    field('Enabled', 'enabled', { options: YES_NO, value: String(p.enabled) }),
    field('Generations to keep', 'generations', { type: 'number', min: '1', inputmode: 'numeric', value: String(p.generations) }),
    scheduleBoxes,
    h('fieldset', { class: 'field' }, h('legend', {}, 'Retries and alerts'),
      field('Retries after a failure', 'retries', { type: 'number', min: '0', inputmode: 'numeric', value: String(p.retries) }),
      field('Minutes between retries', 'retryWaitMinutes', { type: 'number', min: '1', inputmode: 'numeric', value: String(p.retryWaitMinutes) }),
      field('Failures in a row before an alert', 'failuresToAlert', { type: 'number', min: '1', inputmode: 'numeric', value: String(p.failuresToAlert) }),
      field('Remove targets whose resource is gone', 'autoRemoveTargets', { options: REMOVAL, value: p.autoRemoveTargets }),
      field('A backup is successful when', 'successCriterion', { options: SUCCESS, value: p.successCriterion })),
    h('fieldset', { class: 'field' }, h('legend', {}, 'Backup scripts (guide 7)'),
      field('Run backup scripts', 'scripts.enabled', { options: YES_NO, value: String(scripts.enabled) }),
      field('Script time-out (seconds)', 'scripts.timeoutSeconds', { type: 'number', min: '1', inputmode: 'numeric', value: String(scripts.timeoutSeconds) }),
      field('Keep the scripts\' output', 'scripts.collectOutput', { options: YES_NO, value: String(scripts.collectOutput) })),
    h('fieldset', { class: 'field' }, h('legend', {}, 'Disaster recovery (guide 10)'),
      field('Copy backups to other regions', 'dr.enabled', { options: YES_NO, value: String(dr.enabled) }),
      field('Copy every Nth backup', 'dr.everyBackups', { type: 'number', min: '1', inputmode: 'numeric', value: String(dr.everyBackups) }),
      field('Target regions', 'dr.regions', { value: dr.regions.join(', ') }, 'Comma-separated, such as us-west-2, eu-west-1'),
      field('DR time-out (hours)', 'dr.timeoutHours', { type: 'number', min: '1', inputmode: 'numeric', value: String(dr.timeoutHours) }),
      field('DR account', 'dr.account', { options: [['', 'none: the copies stay in the policy\'s account'], ...drAccounts],
        value: dr.account == null ? '' : String(dr.account) }, 'A DR account copies the snapshots into another AWS account (guide 11); '
        + 'no target region then means the backup\'s own regions'),
      field('Keep original snapshots', 'dr.keepOriginals', { options: YES_NO, value: String(dr.keepOriginals) },
        'No, only with a DR account: the originals are deleted once all their copies completed')),
  ], 'Save policy', async (v) => {
    const number = (text) => (text === '' || text === undefined ? undefined : Number(text));
    const body = {
      name: v.name, accountId: p.accountId, description: v.description === '' ? null : v.description,
      enabled: v.enabled === 'true', generations: number(v.generations),
      scheduleIds: schedules.filter((s) => v[`schedule-${s.id}`]).map((s) => s.id),
      retries: number(v.retries), retryWaitMinutes: number(v.retryWaitMinutes), failuresToAlert: number(v.failuresToAlert),
      autoRemoveTargets: v.autoRemoveTargets, successCriterion: v.successCriterion,
      scripts: { enabled: v['scripts.enabled'] === 'true', timeoutSeconds: number(v['scripts.timeoutSeconds']),
        collectOutput: v['scripts.collectOutput'] === 'true' },
      dr: { enabled: v['dr.enabled'] === 'true', everyBackups: number(v['dr.everyBackups']),
        regions: (v['dr.regions'] || '').split(',').map((r) => r.trim()).filter(Boolean), timeoutHours: number(v['dr.timeoutHours']),
        account: v['dr.account'] ? Number(v['dr.account']) : null, keepOriginals: v['dr.keepOriginals'] === 'true' },
    };
    saved(await api.call('PUT', `/policies/${p.id}`, body));
  });
}

/** A target's options as stored, `name=value` in the API's order; none means its type's defaults. */
function optionsText(options) {
  const entries = Object.entries(options || {});
  return entries.length ? entries.map(([name, value]) => `${name}=${value}`).join(', ') : 'the type\'s defaults';
}

/**
 * The option fields of a target type, made from the options the type publishes (`options` of `GET /target-types`): a
 * list for a choice, a check box for yes or no, text otherwise, each with the type's description as its hint, so that
 * a type deployed later gets its fields without a console change. `current` holds a target's stored options when it is
 * edited; one that the type does not list is shown as text, so that nothing stored is lost. Only what differs from
 * the type's default is sent; what is valid stays the type's to say, and a refusal is shown next to its option.
 */
function optionFields(type, current, legend) {
  const published = (type && type.options) || [];
  const listed = new Set(published.map((o) => o.name));
  const unlisted = Object.keys(current).filter((name) => !listed.has(name)).sort().map((name) => ({ name, label: name,
    kind: 'TEXT', defaultValue: null, description: 'An option the type does not list; empty removes it', allowed: [] }));
  const controls = [...published, ...unlisted].map((o) => optionField(o, current[o.name]));
  const fieldset = h('fieldset', { class: 'field' }, h('legend', {}, legend),
    controls.length ? null : h('p', {}, `${type ? type.displayName : 'These'} targets take no options.`),
    controls.map((c) => c.el),
    h('span', { class: 'error', 'data-error-for': 'options' }));
  return {
    fieldset,
    /** The options to send, by name: the fields whose value is not the type's default. */
    read() {
      const options = {};
      for (const c of controls) {
        const value = c.read();
        if (value !== undefined) options[c.name] = value;
      }
      return options;
    },
  };
}

/** One option's field, named `options.<name>` as the API names it in a refusal. */
function optionField(o, stored) {
  const name = `options.${o.name}`;
  if (o.kind === 'BOOLEAN') {
    const el = check(o.label, name, { checked: (stored ?? o.defaultValue) === 'true', hint: o.description });
    const box = el.querySelector('input');
    return { name: o.name, el, read: () => (String(box.checked) === (o.defaultValue ?? 'false') ? undefined : String(box.checked)) };
  }
  if (o.kind === 'CHOICE') {
    const values = stored !== undefined && !o.allowed.includes(stored) ? [...o.allowed, stored] : o.allowed;
    const none = o.defaultValue == null ? 'the type\'s default' : `the type's default (${o.defaultValue})`;
    const el = field(o.label, name, { options: [['', none], ...values.map((v) => [v, v])], value: stored ?? '' }, o.description);
    const select = el.querySelector('select');
    return { name: o.name, el, read: () => (select.value === '' ? undefined : select.value) };
  }
  const el = field(o.label, name, { value: stored ?? '', autocomplete: 'off', placeholder: o.defaultValue ?? undefined }, o.description);
  const input = el.querySelector('input');
  return { name: o.name, el, read: () => (input.value.trim() === '' ? undefined : input.value.trim()) };
}

export async function policy(id) {
  const [p, targets, types, schedules, accounts] = await Promise.all([api.get(`/policies/${id}`), api.get(`/policies/${id}/targets`),
    api.get('/target-types'), api.get('/schedules'), api.get('/accounts')]);
  const heading = h('h1', {}, `Policy ${p.name}`);
  // Guide 13: a policy that a tag scan created from a template says so
  const madeByScan = p.madeByTagScan
    ? h('p', { class: 'notice', id: 'made-by-tag-scan' }, '* This policy was automatically added by tag scan') : null;
  const settings = policyForm(p, schedules, accounts, (changed) => {
    Object.assign(p, changed);
    heading.textContent = `Policy ${changed.name}`;
    announce(`Policy ${changed.name} saved`);
  });
  const targetRows = () => targets.map((t) => h('tr', {}, h('td', {}, t.type), h('td', {}, t.region), h('td', {}, t.resourceId),
    h('td', { class: 'target-options' }, optionsText(t.options)),
    h('td', {}, t.available ? '' : 'type unavailable'),
    h('td', {}, editable(t) ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit options of ${t.resourceId}`,
      onclick: () => edit(t) }, 'Edit options') : null,
    action('Remove', `Remove ${t.resourceId} from the policy`, async () => {
      const removed = await api.del(`/policies/${id}/targets/${t.id}`);
      targets.splice(targets.indexOf(t), 1);
      drawTargets();
      showTagWarnings(removed ? removed.warnings : []);
      if (editing === t.id) editor.replaceChildren();
      announce(`${t.resourceId} removed from ${p.name}`);
    }))));
  const typeOf = (typeId) => types.find((t) => t.id === typeId);
  // A target's options can be changed while its type's plugin is installed (it judges them) and takes or holds some
  const editable = (t) => t.available && (((typeOf(t.type) || {}).options || []).length > 0 || Object.keys(t.options || {}).length > 0);
  const editor = h('div', {});
  let editing = null;
  const edit = (t) => {
    const fields = optionFields(typeOf(t.type), t.options || {}, `Options of ${t.type} ${t.resourceId}`);
    const f = form(`Options of ${t.resourceId}`, [fields.fieldset], 'Save options', async () => {
      const changed = await api.call('PUT', `/policies/${id}/targets/${t.id}`, { options: fields.read() });
      targets[targets.findIndex((x) => x.id === t.id)] = changed;
      drawTargets();
      showTagWarnings(changed.warnings);
      editor.replaceChildren();
      editing = null;
      announce(`Options of ${t.resourceId} saved`);
    });
    f.append(' ', h('button', { type: 'button', class: 'secondary', onclick: () => { editor.replaceChildren(); editing = null; } }, 'Cancel'));
    editing = t.id;
    editor.replaceChildren(h('h3', {}, `Options of ${t.resourceId}`),
      h('p', { class: 'hint' }, 'These replace the target\'s options; its type checks them as when the target was added.'), f);
    f.querySelector('select, input').focus();
  };
  // Guide 13, "Pitfalls": core says when a change made here goes against a resource's cpm backup tag
  const tagWarnings = h('div', { id: 'tag-warnings', role: 'status' });
  const showTagWarnings = (warnings) => tagWarnings.replaceChildren(...(warnings || []).map((w) =>
    h('p', { class: 'notice warning' }, w.message)));
  const targetTable = h('div', {});
  const drawTargets = () => targetTable.replaceChildren(targets.length
    ? table('Targets', ['Type', 'Region', 'Resource', 'Options', 'Availability', 'Actions'], targetRows()) : h('p', {}, 'No targets yet.'));
  drawTargets();
  const found = h('div', { 'aria-live': 'polite' });
  const discover = form('Find resources', [
    h('div', { class: 'row' },
      field('Type', 'type', { options: types.map((t) => [t.id, t.displayName]) }),
      field('Region', 'region', { value: 'us-east-1' })),
  ], 'Find resources', async ({ type, region }) => {
    const resources = await api.get(`/accounts/${p.accountId}/resources?type=${encodeURIComponent(type)}&region=${encodeURIComponent(region)}`);
    if (!resources.length) {
      found.replaceChildren(h('p', {}, 'The search lists nothing of this type in this region.'), addById(type, region));
      return;
    }
    // The Policies column is core's answer: which of your policies hold each resource (guide 4.2)
    const inThis = (r) => r.policies.includes(p.name);
    const boxes = [];
    const rows = resources.map((r) => {
      const box = inThis(r) ? null : h('input', { type: 'checkbox', 'aria-label': `Select ${r.id}`, value: r.id });
      if (box) boxes.push([box, r]);
      return h('tr', {}, h('td', {}, box || 'in this policy'), h('td', {}, r.id), h('td', {}, r.name || ''),
        h('td', {}, r.policies.join(', ')));
    });
    const result = h('div', { role: 'status' });
    const options = optionFields(typeOf(type), {}, 'Options of the targets added');
    const add = form(`Add the selected resources to ${p.name}`, [options.fieldset], 'Add selected', async () => {
      result.replaceChildren();
      const chosen = boxes.filter(([box]) => box.checked);
      if (!chosen.length) throw new api.Problem(400, { detail: 'Select at least one resource' });
      const typed = options.read();
      let added;
      try {
        added = await api.post(`/policies/${id}/target-batch`, { targets: chosen.map(([, r]) => ({
          type, region: r.region || region, resourceId: r.id, options: typed })) });
      } catch (problem) {
        // targets[2].options.backupMode: that option's field (the same options go with every target)
        if (/^targets\[\d+\]\.options(\.|$)/.test(problem.field || '')) problem.field = problem.field.replace(/^targets\[\d+\]\./, '');
        throw problem;
      }
      targets.push(...added);
      drawTargets();
      showTagWarnings(added.flatMap((t) => t.warnings || []));
      chosen.forEach(([box]) => box.replaceWith('added'));
      const text = `${added.length} added to ${p.name}`;
      result.replaceChildren(h('p', { class: 'notice' }, text));
      announce(text);
    });
    found.replaceChildren(table('Resources found', ['Select', 'Resource', 'Name', 'Policies'], rows), add, result,
      addById(type, region));
  });
  // A resource named by its id: for one the search does not list, such as the S3 bucket of Haven's own backup (a
  // haven-data target), whose type names its buckets rather than listing them. The type checks the id as for any add.
  const addById = (type, region) => {
    const options = optionFields(typeOf(type), {}, 'Options of the target');
    const result = h('div', { role: 'status' });
    const f = form(`Add a resource by its id to ${p.name}`, [
      field('Resource id', 'resourceId', { autocomplete: 'off' }, `A ${typeOf(type).displayName} in ${region}`),
      options.fieldset,
    ], 'Add by id', async (v, el) => {
      const added = await api.post(`/policies/${id}/targets`, { type, region, resourceId: v.resourceId.trim(), options: options.read() });
      targets.push(added);
      drawTargets();
      showTagWarnings(added.warnings);
      el.querySelector('[name=resourceId]').value = '';
      const text = `${added.resourceId} added to ${p.name}`;
      result.replaceChildren(h('p', { class: 'notice' }, text));
      announce(text);
    });
    return h('div', {}, h('h3', {}, 'Or add one by its id'), f, result);
  };
  const runResult = h('div', { role: 'status' });
  const run = h('button', { type: 'button', onclick: async () => {
    try {
      const started = await api.post(`/policies/${id}/run`);
      location.hash = `#/backups/${started.backupId}`;
    } catch (problem) { runResult.replaceChildren(h('p', { class: 'alert' }, problem.message)); }
  } }, 'Run now');
  return h('section', {}, heading, madeByScan,
    h('p', {}, h('a', { href: '#/backups' }, 'Backups')),
    h('div', { class: 'row' }, run), runResult,
    h('h2', {}, 'Targets'), tagWarnings, targetTable, editor,
    h('h2', {}, 'Add targets'), discover, found,
    h('h2', {}, 'Settings'), settings);
}

const STATUSES = ['IN_PROGRESS', 'SUCCESSFUL', 'PARTIALLY_SUCCESSFUL', 'FAILED'];

export async function backups() {
  const policyList = await api.get('/policies');
  // Paged by cursor (decision 0035): cursors[i] starts page i + 1 (none for the first); Previous goes back one.
  const state = { policyId: '', status: '', frozen: '', cursors: [null] };
  const body = h('div', { 'aria-live': 'polite' });
  const filters = h('form', { class: 'row', 'aria-label': 'Filter backups' },
    field('Policy', 'policyId', { options: [['', 'all'], ...policyList.map((p) => [p.id, p.name])] }),
    field('Status', 'status', { options: [['', 'any'], ...STATUSES.map((s) => [s, s.toLowerCase().replace('_', ' ')])] }),
    // The freezer (guide 8.3) is the backups moved there: kept until deleted, whatever retention says
    field('Freezer', 'frozen', { options: [['', 'all backups'], ['true', 'in the freezer'], ['false', 'not in the freezer']] }));
  filters.addEventListener('change', () => { Object.assign(state, values(filters), { cursors: [null] }); load(); });
  filters.addEventListener('submit', (e) => e.preventDefault());
  async function load() {
    leave();
    const query = new URLSearchParams({ size: 20 });
    const cursor = state.cursors[state.cursors.length - 1];
    if (cursor) query.set('cursor', cursor);
    if (state.policyId) query.set('policyId', state.policyId);
    if (state.status) query.set('status', state.status);
    if (state.frozen) query.set('frozen', state.frozen);
    const page = await api.get(`/backups?${query}`);
    const rows = page.items.map((b) => h('tr', {}, h('td', {}, h('a', { href: `#/backups/${b.id}` }, `#${b.id}`),
      b.frozen ? ` (frozen: ${b.frozen.name})` : ''),
      h('td', {}, b.policyName), h('td', { class: `status-${b.status}` }, b.status), h('td', {}, when(b.started)), h('td', {}, when(b.ended))));
    // Past 1,000 backups the total is counted no further and is a lower bound
    const more = page.totalIsLowerBound ? ' or more' : '';
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    const number = state.cursors.length;
    body.replaceChildren(page.items.length ? table('Backups', ['Backup', 'Policy', 'Status', 'Started', 'Ended'], rows) : h('p', {}, 'No backups.'),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'secondary', disabled: number === 1, onclick: () => { state.cursors.pop(); load(); } }, 'Previous page'),
        h('span', {}, `Page ${number} of ${Math.max(pages, number)}${more}, ${page.total}${more} backups`),
        h('button', { type: 'button', class: 'secondary', disabled: !page.next, onclick: () => { state.cursors.push(page.next); load(); } }, 'Next page')));
    if (page.items.some((b) => b.status === 'IN_PROGRESS')) later(load, 2000);
  }
  await load();
  return h('section', {}, h('h1', {}, 'Backups'), filters, body);
}

export async function backup(id) {
  const head = h('div', {});
  const artifacts = h('div', {});
  const log = h('div', {});
  const scripts = h('div', {});
  const copies = h('div', {});
  let announced = false;
  async function load() {
    const [b, snaps, entries, runs, drCopies] = await Promise.all([api.get(`/backups/${id}`), api.get(`/backups/${id}/snapshots`),
      api.get(`/backups/${id}/log`), api.get(`/backups/${id}/scripts`), api.get(`/backups/${id}/dr-copies`)]);
    // Through h(): it leaves out the lines that do not apply (null), which replaceChildren would print as "null".
    head.replaceChildren(h('div', {}, h('p', {}, 'Status: ', h('strong', { class: `status-${b.status}`, id: 'backup-status' }, b.status)),
      h('p', {}, `Policy ${b.policyName}, started ${when(b.started)}`, b.ended ? `, ended ${when(b.ended)}` : ''),
      b.message ? h('p', {}, b.message) : null,
      b.drStatus && b.drStatus !== 'NONE' ? h('p', {}, 'DR: ', h('strong', { id: 'dr-status' }, b.drStatus)) : null,
      b.frozen ? h('p', { id: 'frozen' }, `In the freezer as "${b.frozen.name}" since ${when(b.frozen.frozenAt)}`,
        b.frozen.description ? `: ${b.frozen.description}` : '') : null,
      ['SUCCESSFUL', 'PARTIALLY_SUCCESSFUL'].includes(b.status) ? h('p', {}, h('a', { href: `#/backups/${id}/recover`, id: 'recover-link' }, 'Recover from this backup')) : null));
    artifacts.replaceChildren(snaps.length ? table('Artifacts', ['Kind', 'AWS id', 'Resource', 'Region', 'State'], snaps.map((a) => h('tr', {},
      h('td', {}, a.kind), h('td', {}, a.awsId || ''), h('td', {}, a.resourceId || a.volumeId || ''), h('td', {}, a.region), h('td', {}, a.state))))
      : h('p', {}, 'No artifacts yet.'));
    log.replaceChildren(h('pre', { class: 'log' }, entries.map((e) => `${when(e.time)}  ${e.level}  ${e.message}`).join('\n')));
    scripts.replaceChildren(runs.length ? table('Script runs', ['Phase', 'Script', 'Outcome', 'Exit', 'Error output'], runs.map((r) => h('tr', {},
      h('td', {}, r.phase), h('td', {}, r.script), h('td', {}, r.outcome), h('td', {}, r.exitCode ?? ''), h('td', {}, h('pre', {}, r.stderr || '')))))
      : h('p', {}, 'No scripts ran.'));
    // Disaster recovery (guide 10): each snapshot's copies in other regions
    copies.replaceChildren(drCopies.length ? table('DR copies', ['Copy of', 'From', 'Copy', 'To', 'State'], drCopies.map((c) => h('tr', {},
      h('td', {}, c.sourceAwsId), h('td', {}, c.sourceRegion), h('td', {}, c.awsId || ''), h('td', {}, c.region),
      h('td', { title: c.message || '' }, c.state)))) : h('p', {}, 'No DR copies.'));
    if (b.status === 'IN_PROGRESS' || b.drStatus === 'IN_PROGRESS') later(load, 2000);
    if (b.status !== 'IN_PROGRESS' && !announced) {
      announced = true;
      announce(`Backup ${id} ${b.status.toLowerCase().replace('_', ' ')}`);
    }
  }
  await load();
  // The freezer (guide 8.3): a frozen backup is kept until deleted, whatever retention says
  const freeze = form('Move to the freezer', [field('Name in the freezer', 'name'), field('Description (optional)', 'description')],
    'Freeze', async (v) => {
      await api.post(`/backups/${id}/freeze`, { name: v.name, description: v.description || null });
      announce(`Backup ${id} frozen as ${v.name}`);
      await load();
    });
  const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
    if (!confirm(`Delete backup #${id} and its snapshots in AWS?`)) return;
    try {
      await api.del(`/backups/${id}`);
      announce(`Backup ${id} deleted`);
      location.hash = '#/backups';
    } catch (problem) { remove.after(h('span', { class: 'alert action-error', role: 'alert' }, ` ${problem.message}`)); }
  } }, 'Delete this backup');
  return h('section', {}, h('h1', {}, `Backup #${id}`), h('div', { 'aria-live': 'polite' }, head),
    h('h2', {}, 'Artifacts'), artifacts, h('h2', {}, 'DR copies'), copies, h('h2', {}, 'Log'), log, h('h2', {}, 'Scripts'), scripts,
    h('h2', {}, 'Keep or delete'), freeze, h('div', { class: 'row' }, remove),
    h('p', {}, h('a', { href: '#/backups' }, 'All backups')));
}
