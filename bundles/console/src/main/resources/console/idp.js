// Sign-in with the identity provider (guide 17), root only: the settings with Haven's URLs for the identity
// provider's administrator, "test connection", and Haven's groups. Every rule is the API's; this screen shows its
// answers and puts a refusal next to the field it names.
import * as api from './api.js';
import { h, field, form, announce, table, action } from './ui.js';

const TYPES = [['MANAGED', 'managed (by root)'], ['INDEPENDENT', 'independent'], ['DELEGATE', 'delegate']];
const FORMATS = ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName', 'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos', 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity'];

function urls(s) {
  if (!s.serviceProviderEntityId) return h('p', {}, 'Set Haven\'s address to see the URLs to enter in the identity provider.');
  return h('dl', { class: 'urls' }, h('dt', {}, 'Entity ID'), h('dd', {}, h('code', {}, s.serviceProviderEntityId)),
    h('dt', {}, 'Sign in response'), h('dd', {}, h('code', {}, s.completeLoginUrl)),
    h('dt', {}, 'Sign out response'), h('dd', {}, h('code', {}, s.completeLogoutUrl)));
}

// Haven's SAML key (decision 0048): its certificates, and rolling it over or retiring the previous one.
function keyText(keys) {
  const cert = (title, c) => [h('h3', {}, title), h('dl', {}, h('dt', {}, 'SHA-256'), h('dd', {}, h('code', {}, c.sha256Fingerprint)),
    h('dt', {}, 'Valid until'), h('dd', {}, c.validUntil), ...(c.keptUntil ? [h('dt', {}, 'Decrypts until'), h('dd', {}, c.keptUntil)] : [])),
    h('details', {}, h('summary', {}, 'Certificate (PEM)'), h('pre', {}, c.certificatePem))];
  return [...cert('Current key (signs)', keys.current),
    ...(keys.previous ? cert('Previous key (still decrypts)', keys.previous) : [h('p', {}, 'No previous key is kept.')])];
}

async function samlKeys() {
  const shown = h('div', { 'aria-live': 'polite' });
  let keys = null;
  try {
    keys = await api.get('/identity-provider/keys');
  } catch (p) {
    return h('p', {}, p.message);
  }
  const grace = h('input', { id: 'key-grace-days', type: 'number', min: 1, max: 365, value: 30 });
  const draw = () => shown.replaceChildren(...keyText(keys));
  draw();
  const rollOver = action('Roll over', 'Roll Haven\'s SAML key over', async () => {
    if (!confirm('Make a new key that signs from now on? Give the identity provider the new certificate.')) return;
    keys = await api.post('/identity-provider/keys/roll-over', { graceDays: Number(grace.value) });
    draw();
    announce('Haven\'s SAML key was rolled over');
  });
  const retire = action('Retire previous key', 'Retire Haven\'s previous SAML key', async () => {
    if (!confirm('Delete the previous key now? Assertions encrypted for it will be refused.')) return;
    keys = await api.post('/identity-provider/keys/retire-previous');
    draw();
    announce('The previous key was retired');
  }, { class: 'danger' });
  return h('div', {}, shown, h('div', { class: 'field' }, h('label', { for: 'key-grace-days' }, 'Keep the previous key (days)'), grace),
    rollOver, ' ', retire);
}

function groupText(g) {
  if (g.type === 'DELEGATE') {
    const allowed = [g.permissions.recover && 'recovery', g.permissions.changeAccounts && 'account changes',
      g.permissions.changeBackups && 'backup changes'].filter(Boolean);
    return `delegates of ${g.originalUsername || 'the user their claim names'}, ${allowed.length ? 'view and ' + allowed.join(', ') : 'view only'}`;
  }
  return g.type === 'MANAGED' ? 'managed by root' : 'independent';
}

export async function identityProvider() {
  let settings = await api.get('/identity-provider');
  const groups = await api.get('/user-groups');
  const shown = h('div', { 'aria-live': 'polite' }, urls(settings));
  const findings = h('div', { role: 'status' });
  const settingsForm = form('Identity provider settings', [
    field('Identity provider', 'enabled', { options: [['false', 'disabled'], ['true', 'enabled']], value: String(settings.enabled) }),
    field('Protocol', 'protocol', { options: [['saml', 'SAML 2.0'], ['oidc', 'OpenID Connect']], value: settings.protocol }),
    field('Haven IP or DNS', 'havenAddress', { value: settings.havenAddress ?? '' }, 'As the identity provider knows Haven, with :port when not 443'),
    field('Entity ID', 'entityId', { value: settings.entityId ?? '' }, 'The identity provider\'s entity id (for OpenID Connect its issuer URL)'),
    field('Sign in URL', 'signInUrl', { type: 'url', value: settings.signInUrl ?? '' }, 'SAML; OpenID Connect finds it from the issuer'),
    field('Sign out URL (optional)', 'signOutUrl', { type: 'url', value: settings.signOutUrl ?? '' }),
    field('NameID format', 'nameIdFormat', { options: FORMATS.map((f) => [f, f.replace(/^urn:oasis:names:tc:SAML:[0-9.]+:nameid-format:/, '')]), value: settings.nameIdFormat }),
    field('Client ID (OpenID Connect)', 'clientId', { value: settings.clientId ?? '', autocomplete: 'off' }),
    field('Client secret (OpenID Connect)', 'clientSecret', { type: 'password', autocomplete: 'new-password', value: settings.clientSecretSet ? '********' : '' },
      'Stored encrypted and never shown; leave the stars to keep it'),
    field('Sign requests (SAML)', 'signRequests', { options: [['false', 'no'], ['true', 'yes, with Haven\'s key']], value: String(settings.signRequests ?? false) },
      'Haven\'s certificate is in its metadata; the identity provider can then require signed requests'),
    field('Assertions (SAML)', 'requireEncryptedAssertions', { options: [['false', 'encrypted or not'], ['true', 'must be encrypted for Haven']], value: String(settings.requireEncryptedAssertions ?? false) }),
    h('div', { class: 'field' }, h('label', { for: 'idp-cert' }, 'X509 certificate (PEM, SAML)'),
      h('textarea', { id: 'idp-cert', name: 'certificatePem', rows: 6, 'aria-describedby': 'idp-cert-error' }, settings.certificatePem ?? ''),
      h('span', { id: 'idp-cert-error', class: 'error', 'data-error-for': 'certificatePem' })),
  ], 'Save settings', async (v) => {
    settings = await api.call('PUT', '/identity-provider', { ...v, enabled: v.enabled === 'true',
      signRequests: v.signRequests === 'true', requireEncryptedAssertions: v.requireEncryptedAssertions === 'true' });
    shown.replaceChildren(urls(settings));
    announce(`Sign-in with the identity provider is ${settings.enabled ? 'enabled' : 'disabled'}`);
  });
  const test = action('Test connection', 'Test connection to the identity provider', async () => {
    const result = await api.post('/identity-provider/test');
    findings.replaceChildren(h('ul', {}, result.findings.map((f) => h('li', {}, `${f.ok ? 'OK' : 'Problem'}: ${f.message}`))),
      h('p', {}, result.ok ? 'The test passed.' : 'The test found problems.'));
    announce(result.ok ? 'The test passed' : 'The test found problems');
  });

  const listing = h('div', { 'aria-live': 'polite' });
  const draw = () => listing.replaceChildren(table('Groups', ['Group', 'In the identity provider', 'Members', 'Enabled', 'Actions'],
    groups.map((g) => h('tr', {}, h('td', {}, g.name + (g.builtIn ? ' (built-in)' : '')), h('td', {}, h('code', {}, `cpm_${g.name}`)),
      h('td', {}, groupText(g)), h('td', {}, g.enabled ? 'yes' : 'no'),
      h('td', {}, g.builtIn ? '' : [action(g.enabled ? 'Disable' : 'Enable', `${g.enabled ? 'Disable' : 'Enable'} group ${g.name}`, async () => {
        groups[groups.indexOf(g)] = await api.call('PUT', `/user-groups/${g.id}`, { enabled: !g.enabled });
        draw();
      }), ' ', action('Delete', `Delete group ${g.name}`, async () => {
        if (!confirm(`Delete group ${g.name}? Its members can no longer sign in.`)) return;
        await api.del(`/user-groups/${g.id}`);
        groups.splice(groups.indexOf(g), 1);
        draw();
        announce(`Group ${g.name} deleted`);
      }, { class: 'danger' })])))));
  draw();
  const groupForm = form('Add a group', [
    field('Name', 'name', { autocomplete: 'off' }, 'Members are in cpm_<name> in the identity provider'),
    field('User type', 'type', { options: TYPES }),
    field('Original user name', 'originalUsername', { autocomplete: 'off' }, 'For a delegate group: whose delegates its members are'),
    field('Allow recovery', 'recover', { options: [['false', 'no'], ['true', 'yes']] }, 'Delegates only'),
    field('Allow account changes', 'changeAccounts', { options: [['false', 'no'], ['true', 'yes']] }, 'Delegates only'),
    field('Allow backup changes', 'changeBackups', { options: [['false', 'no'], ['true', 'yes']] }, 'Delegates only'),
  ], 'Add group', async (v, el) => {
    const body = { name: v.name, type: v.type };
    if (v.type === 'DELEGATE') {
      body.originalUsername = v.originalUsername || null;
      body.permissions = { recover: v.recover === 'true', changeAccounts: v.changeAccounts === 'true', changeBackups: v.changeBackups === 'true' };
    }
    const made = await api.post('/user-groups', body);
    el.reset();
    groups.push(made);
    draw();
    announce(`Group ${made.name} added`);
  });
  return h('section', {}, h('h1', {}, 'Identity provider'), settingsForm, h('h2', {}, 'URLs for the identity provider'), shown,
    test, findings, h('h2', {}, 'Haven\'s SAML key'), await samlKeys(), h('h2', {}, 'Groups'), listing, h('h2', {}, 'Add a group'), groupForm);
}
