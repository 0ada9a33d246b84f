import { h } from '../dom.js';
import { t } from '../i18n.js';
import { signInMode, developmentSignIn, startSession, entraSignIn, session } from '../auth.js';
import { ApiError } from '../api.js';
import { field, select, showError, clearError, formMessage, busy, go, message } from '../ui.js';

export async function signInPage(body) {
  if (session()) {
    go('#/tickets');
    return;
  }
  const card = h('section', { class: 'card narrow sign-in' }, h('h1', {}, t('signin.title')), h('p', { class: 'lead' }, t('signin.intro')));
  body.append(card);
  const mode = signInMode();
  if (mode === 'entra') {
    card.append(h('button', { type: 'button', class: 'button primary', id: 'entra-sign-in', onclick: () => entraSignIn() }, t('signin.entra')));
    return;
  }
  if (mode !== 'development') {
    card.append(message('error', t('signin.unavailable')));
    return;
  }
  const labels = { userId: t('signin.userId'), name: t('signin.name'), email: t('signin.email'), customerId: t('signin.customerId'), roles: t('signin.role') };
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('signin.submit'));
  const form = h('form', { novalidate: true, class: 'stack' },
    h('p', { class: 'note' }, t('signin.devNote')),
    formMessage(),
    field('userId', labels.userId, h('input', { type: 'text', autocomplete: 'username', required: true })),
    field('name', labels.name, h('input', { type: 'text', autocomplete: 'name', required: true })),
    field('email', labels.email, h('input', { type: 'email', autocomplete: 'email' })),
    field('customerId', labels.customerId, h('input', { type: 'text', required: true })),
    field('roles', labels.roles, select([['EndUser', t('signin.role.EndUser')], ['Approver', t('signin.role.Approver')]])),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(form);
    busy(submit, true);
    const v = (name) => form.elements[name].value.trim();
    const claims = { userId: v('userId'), name: v('name'), customerId: v('customerId'), roles: [v('roles')] };
    if (v('email')) claims.email = v('email');
    try {
      const response = await developmentSignIn(claims);
      const data = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, data);
      startSession(data.token);
      go('#/tickets');
    } catch (error) {
      showError(form, error instanceof ApiError ? error : new ApiError(0, null), labels);
    } finally {
      busy(submit, false);
    }
  });
  card.append(form);
}
