import { h, clear } from '../dom.js';
import { t, currentLang, pick } from '../i18n.js';
import { api } from '../api.js';
import { session } from '../auth.js';
import { field, select, showError, clearError, formMessage, busy, go, flash } from '../ui.js';

const levels = ['Low', 'Medium', 'High'];

export async function newTicketPage(body) {
  const user = session().user;
  const labels = {
    title: t('new.ticketTitle'), description: t('new.description'), impact: t('new.impact'), urgency: t('new.urgency'),
    catalogItemId: t('new.catalogItem'),
  };
  const kindIncident = h('input', { type: 'radio', name: 'kind', value: 'incident', id: 'kind-incident', checked: true });
  const kindRequest = h('input', { type: 'radio', name: 'kind', value: 'request', id: 'kind-request' });
  const kindGroup = h('fieldset', { class: 'choice' }, h('legend', {}, t('new.kind')),
    h('div', { class: 'radio' }, kindIncident, h('label', { for: 'kind-incident' }, t('new.kind.incident'))),
    h('div', { class: 'radio' }, kindRequest, h('label', { for: 'kind-request' }, t('new.kind.request'))));

  const catalog = select([['', t('new.catalogChoose')]]);
  const catalogField = field('catalogItemId', labels.catalogItemId, catalog);
  const catalogNote = h('p', { class: 'muted', hidden: true }, t('new.catalogEmpty'));
  const title = h('input', { type: 'text', maxlength: 400 });
  const description = h('textarea', { rows: 6 });
  const impact = select(levels.map((l) => [l, t(`new.impact.${l}`)]), 'Low');
  const urgency = select(levels.map((l) => [l, t(`new.urgency.${l}`)]), 'Medium');
  const incidentOnly = h('div', { class: 'grid-2' }, field('impact', labels.impact, impact), field('urgency', labels.urgency, urgency));
  const requestOnly = h('div', { hidden: true }, catalogField, catalogNote);
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('new.submit'));
  const suggestions = h('aside', { class: 'suggestions', 'aria-live': 'polite', hidden: true });

  const form = h('form', { novalidate: true, class: 'stack' },
    formMessage(), kindGroup, requestOnly,
    field('title', labels.title, title, t('new.ticketTitleHint')),
    field('description', labels.description, description, t('new.descriptionHint')),
    incidentOnly,
    h('div', { class: 'actions' }, submit));
  body.append(h('h1', {}, t('new.title')), h('div', { class: 'with-aside' }, h('section', { class: 'card' }, form), suggestions));

  let catalogLoaded = false;
  async function onKind() {
    const request = kindRequest.checked;
    requestOnly.hidden = !request;
    incidentOnly.hidden = request;
    submit.textContent = request ? t('new.submitRequest') : t('new.submit');
    if (request && !catalogLoaded) {
      catalogLoaded = true;
      try {
        const { data } = await api('GET', `customers/${encodeURIComponent(user.customerId)}/catalog`);
        for (const item of data?.items ?? []) catalog.append(h('option', { value: item.id }, pick(item.name)));
        catalogNote.hidden = (data?.items ?? []).length > 0;
      } catch {
        catalogNote.hidden = false;
      }
    }
  }
  kindIncident.addEventListener('change', onKind);
  kindRequest.addEventListener('change', onKind);

  // Knowledge suggestions while typing (when the knowledge base has any).
  let timer = null;
  let asked = 0;
  function suggest() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      if ((title.value + description.value).trim().length < 4) {
        suggestions.hidden = true;
        return;
      }
      try {
        const { data } = await api('POST', 'knowledge/suggest', { body: { title: title.value, description: description.value, language: currentLang() } });
        if (mine !== asked) return;
        const articles = data?.articles ?? [];
        clear(suggestions);
        suggestions.hidden = articles.length === 0;
        if (articles.length) {
          suggestions.append(h('h2', {}, t('new.suggestions')),
            h('ul', {}, articles.slice(0, 5).map((a) => h('li', {}, a.title))));
        }
      } catch {
        suggestions.hidden = true;
      }
    }, 400);
  }
  title.addEventListener('input', suggest);
  description.addEventListener('input', suggest);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(form);
    busy(submit, true);
    try {
      const created = kindRequest.checked
        ? await api('POST', 'requests', { body: { catalogItemId: catalog.value || null, title: title.value || null, description: description.value } })
        : await api('POST', 'tickets', {
            body: { kind: 'Incident', title: title.value, description: description.value, impact: impact.value, urgency: urgency.value },
            headers: { 'Idempotency-Key': crypto.randomUUID() },
          });
      flash('success', t('new.created', { number: created.data.number }));
      go(`#/tickets/${encodeURIComponent(created.data.number)}`);
    } catch (error) {
      showError(form, error, labels);
    } finally {
      busy(submit, false);
    }
  });
}
