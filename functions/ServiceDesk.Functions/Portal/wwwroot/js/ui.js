// Shared pieces of the pages: form fields with their error slots, status badges, messages, navigation.
import { h, clear, uid } from './dom.js';
import { t } from './i18n.js';
import { problemText, fieldTexts } from './api.js';

let pendingFlash = null;

/** A message shown at the top of the next page rendered (after navigation). */
export function flash(kind, text) {
  pendingFlash = { kind, text };
}

export function takeFlash() {
  const f = pendingFlash;
  pendingFlash = null;
  return f;
}

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export function message(kind, text) {
  return h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A labelled control with an optional hint and a slot for the field's error; `name` is the API's field name. */
export function field(name, label, control, hint) {
  const id = control.id || uid(name);
  control.id = id;
  if (!control.name) control.name = name;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field', 'data-field': name }, h('label', { for: id }, label), hintEl, control, errorEl);
}

export function select(options, value) {
  const el = h('select', {});
  for (const [v, text] of options) el.append(h('option', { value: v }, text));
  if (value !== undefined) el.value = value;
  return el;
}

/** Shows a failure: field errors next to their fields, the summary in the form's message slot. */
export function showError(form, error, labels = {}) {
  const slot = form.querySelector('.form-message');
  for (const f of form.querySelectorAll('.field')) {
    const err = f.querySelector('.field-error');
    err.hidden = true;
    err.textContent = '';
    const control = f.querySelector('input, select, textarea');
    control?.removeAttribute('aria-invalid');
    const hint = f.querySelector('.hint');
    control?.setAttribute('aria-describedby', hint ? hint.id : '');
  }
  const byField = fieldTexts(error, (name) => labels[name]);
  let first = null;
  for (const [name, texts] of Object.entries(byField)) {
    const f = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    if (!f) continue;
    const err = f.querySelector('.field-error');
    err.textContent = texts.join(' ');
    err.hidden = false;
    const control = f.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [f.querySelector('.hint')?.id, err.id].filter(Boolean).join(' '));
      first ??= control;
    }
  }
  if (slot) {
    clear(slot);
    slot.append(message('error', problemText(error)));
  }
  (first ?? slot)?.focus?.();
}

export function clearError(form) {
  const slot = form.querySelector('.form-message');
  if (slot) clear(slot);
  for (const err of form.querySelectorAll('.field-error')) {
    err.hidden = true;
    err.textContent = '';
  }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

export function formMessage() {
  return h('div', { class: 'form-message', tabindex: '-1' });
}

export function statusBadge(status, label) {
  return h('span', { class: `badge badge-${status}` }, label ?? t(`status.${status}`));
}

export function busy(button, on) {
  button.disabled = on;
  button.setAttribute('aria-busy', on ? 'true' : 'false');
}
