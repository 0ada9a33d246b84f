import { h, clear } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { api, ApiError, problemText } from '../api.js';
import { field, showError, clearError, formMessage, busy, message } from '../ui.js';

export async function surveyPage(body, number) {
  body.append(h('p', { class: 'crumbs' }, h('a', { href: `#/tickets/${encodeURIComponent(number)}` }, t('detail.title', { number }))),
    h('h1', {}, t('survey.title', { number })));
  const card = h('section', { class: 'card narrow' });
  body.append(card);
  let survey;
  try {
    survey = (await api('GET', `tickets/${encodeURIComponent(number)}/survey`)).data;
  } catch (error) {
    card.append(message(error instanceof ApiError && error.status === 404 ? 'info' : 'error',
      error instanceof ApiError && error.status === 404 ? t('survey.none') : problemText(error)));
    return;
  }
  show(card, number, survey);
}

function show(card, number, survey) {
  clear(card);
  const changeable = survey.status !== 'closed' && (!survey.changeableUntil || new Date(survey.changeableUntil) > new Date());
  if (survey.status === 'answered') {
    card.append(message('success', t('survey.answered', { rating: survey.rating })));
    if (survey.comment) card.append(h('blockquote', { class: 'quote' }, survey.comment));
  }
  if (!changeable) {
    if (survey.status !== 'answered') card.append(message('info', t('survey.closed')));
    return;
  }
  if (survey.changeableUntil) card.append(h('p', { class: 'muted' }, t('survey.changeable', { date: formatDate(survey.changeableUntil) })));
  const radios = [1, 2, 3, 4, 5].map((n) => h('div', { class: 'radio' },
    h('input', { type: 'radio', name: 'rating', value: String(n), id: `rating-${n}`, checked: survey.rating === n }),
    h('label', { for: `rating-${n}` }, t(`survey.rating.${n}`))));
  const errorEl = h('p', { class: 'field-error', id: 'rating-error', hidden: true });
  const comment = h('textarea', { rows: 4, value: survey.comment ?? '' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('survey.submit'));
  const form = h('form', { novalidate: true, class: 'stack', id: 'survey-form' },
    h('p', { class: 'lead' }, t('survey.intro')),
    formMessage(),
    h('div', { class: 'field', 'data-field': 'rating' },
      h('fieldset', { class: 'choice rating', 'aria-describedby': 'rating-error' }, h('legend', {}, t('survey.rating')), radios, errorEl)),
    field('comment', t('survey.comment'), comment),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(form);
    busy(submit, true);
    const rating = Number(form.elements.rating.value) || null;
    try {
      const { data } = await api('PUT', `tickets/${encodeURIComponent(number)}/survey`, { body: { rating, comment: comment.value || null } });
      show(card, number, data);
      card.prepend(message('success', t('survey.thanks')));
    } catch (error) {
      showError(form, error, { rating: t('survey.rating'), comment: t('survey.comment') });
    } finally {
      busy(submit, false);
    }
  });
  card.append(form);
}
