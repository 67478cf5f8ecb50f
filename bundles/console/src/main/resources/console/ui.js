// Small DOM helpers: elements are built with textContent only, so nothing from the API is parsed as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let ids = 0;

/** A labelled input with room for a hint and for the error a problem document names. */
export function field(label, name, attrs = {}, hint) {
  const id = `f-${name}-${++ids}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const control = attrs.options
    ? h('select', { id, name, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') },
        attrs.options.map(([value, text]) => h('option', { value }, text)))
    : h('input', { id, name, type: 'text', ...attrs, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') });
  if (attrs.options && attrs.value !== undefined) control.value = attrs.value;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('span', { id: hintId, class: 'hint' }, hint) : null,
    h('span', { id: errorId, class: 'error', 'data-error-for': name }));
}

/** A labelled check box (its value 'true' when checked), with room for a hint and for the error a problem names. */
export function check(label, name, { checked = false, hint } = {}) {
  const id = `f-${name}-${++ids}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const box = h('input', { type: 'checkbox', id, name, value: 'true', checked,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') });
  return h('div', { class: 'field' }, h('label', { class: 'check', for: id }, box, ` ${label}`),
    hint ? h('span', { id: hintId, class: 'hint' }, hint) : null,
    h('span', { id: errorId, class: 'error', 'data-error-for': name }));
}

/** Shows a failed save: next to the field the problem names, else at the top of the form; keeps every value. */
export function showProblem(form, problem) {
  clearProblems(form);
  const name = problem.field && errorSlotName(form, problem.field);
  const slot = name && form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  if (slot) {
    slot.textContent = problem.message;
    // The control of that name, else the first one of the group the slot belongs to (a list of check boxes)
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`)
      || slot.closest('.field, fieldset')?.querySelector('input, select, textarea');
    if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
  } else {
    const banner = h('p', { class: 'alert form-error', role: 'alert' }, problem.message);
    form.prepend(banner);
    banner.setAttribute('tabindex', '-1');
    banner.focus();
  }
}

/**
 * The error slot for a problem's field: the field itself, else the list it is an item of (`dr.regions[1]` is shown at
 * `dr.regions`), else the nearest enclosing field that has a slot; null when none fits (shown at the top of the form).
 */
function errorSlotName(form, field) {
  const has = (name) => form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) !== null;
  const candidates = [field, field.replace(/\[\d+\]/g, '')];
  for (let path = field; path.search(/[.[]/) > 0;) {
    path = path.slice(0, Math.max(path.lastIndexOf('.'), path.lastIndexOf('[')));
    candidates.push(path);
  }
  return candidates.find(has) || null;
}

export function clearProblems(form) {
  form.querySelectorAll('[data-error-for]').forEach((slot) => { slot.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  form.querySelector('.form-error')?.remove();
}

export function announce(text) {
  document.getElementById('status').textContent = text;
}

/** A datetime-local field's value (local time, no zone) as the instant the API takes; none for an empty field. */
export function instant(local) {
  return local ? new Date(local).toISOString() : undefined;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function table(caption, headers, rows) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows)));
}

export function values(form) {
  return Object.fromEntries(new FormData(form).entries());
}

/** A form that saves through `save`; a failure is shown next to its field and every value stays. */
export function form(label, children, submitText, save) {
  const el = h('form', { class: 'card', 'aria-label': label, novalidate: true }, children, h('button', { type: 'submit' }, submitText));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(el);
    try {
      await save(values(el), el);
    } catch (problem) {
      showProblem(el, problem);
    }
  });
  return el;
}

/** A button that runs an API call; `label`, when the visible text alone is ambiguous, must contain that text (WCAG 2.5.3). */
export function action(text, label, run, attrs = {}) {
  return h('button', { type: 'button', 'aria-label': label, ...attrs, onclick: async (e) => {
    const button = e.currentTarget;
    button.parentElement.querySelector('.action-error')?.remove();
    try {
      await run(button);
    } catch (p) {
      button.after(h('span', { class: 'alert action-error', role: 'alert' }, ' ' + p.message));
    }
  } }, text);
}
