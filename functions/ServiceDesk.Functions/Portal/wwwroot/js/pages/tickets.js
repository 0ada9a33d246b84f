import { h, clear } from '../dom.js';
import { t, formatDate, pick } from '../i18n.js';
import { api, problemText } from '../api.js';
import { field, select, statusBadge, message, busy } from '../ui.js';

const statuses = ['new', 'assigned', 'inProgress', 'pending', 'resolved', 'closed', 'cancelled'];
const kinds = ['incident', 'serviceRequest'];

export async function ticketsPage(body) {
  const params = new URLSearchParams(sessionStorage.getItem('sd.ticketFilter') ?? 'status=open');
  const statusSelect = select([['', t('tickets.filter.all')], ['open', t('tickets.filter.open')], ...statuses.map((s) => [s, t(`status.${s}`)])], params.get('status') ?? '');
  const kindSelect = select([['', t('tickets.filter.all')], ...kinds.map((k) => [k, t(`kind.${k}`)])], params.get('kind') ?? '');
  const filters = h('form', { class: 'filters', role: 'search' },
    field('status', t('tickets.filter.status'), statusSelect),
    field('kind', t('tickets.filter.kind'), kindSelect),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'button' }, t('tickets.filter.apply'))));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  body.append(
    h('div', { class: 'page-head' }, h('h1', {}, t('tickets.title')), h('a', { class: 'button primary', href: '#/new' }, t('nav.new'))),
    filters, results);

  let token = null;
  let tbody = null;
  const more = h('button', { type: 'button', class: 'button', id: 'more' }, t('tickets.more'));

  async function load(reset) {
    const query = new URLSearchParams({ pageSize: '20' });
    if (statusSelect.value === 'open') query.set('open', 'true');
    else if (statusSelect.value) query.set('status', statusSelect.value);
    if (kindSelect.value) query.set('kind', kindSelect.value);
    if (!reset && token) query.set('continuationToken', token);
    if (reset) {
      clear(results).append(h('p', { class: 'muted' }, t('common.loading')));
      tbody = null;
    }
    busy(more, true);
    try {
      const { data } = await api('GET', `tickets?${query}`);
      token = data.continuationToken ?? null;
      if (reset) clear(results);
      if (!tbody) {
        if (data.items.length === 0) {
          results.append(h('p', { class: 'empty' }, t('tickets.empty')));
          return;
        }
        tbody = h('tbody', {});
        results.append(h('div', { class: 'table-wrap' }, h('table', { class: 'tickets' },
          h('caption', { class: 'visually-hidden' }, t('tickets.caption')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('tickets.col.number')), h('th', { scope: 'col' }, t('tickets.col.title')),
            h('th', { scope: 'col' }, t('tickets.col.kind')), h('th', { scope: 'col' }, t('tickets.col.status')),
            h('th', { scope: 'col' }, t('tickets.col.updated')))),
          tbody)));
      }
      for (const item of data.items) {
        tbody.append(h('tr', { 'data-number': item.number },
          h('td', {}, h('a', { href: `#/tickets/${encodeURIComponent(item.number)}` }, item.number)),
          h('td', { class: 'title-cell' }, item.title),
          h('td', {}, t(`kind.${item.kind}`)),
          h('td', {}, statusBadge(item.status, pick(item.statusLabel))),
          h('td', {}, formatDate(item.updatedAt))));
      }
      more.remove();
      if (token) results.append(h('div', { class: 'actions' }, more));
    } catch (error) {
      if (reset) clear(results);
      results.append(message('error', problemText(error)));
    } finally {
      busy(more, false);
    }
  }

  more.addEventListener('click', () => load(false));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (statusSelect.value) q.set('status', statusSelect.value);
    if (kindSelect.value) q.set('kind', kindSelect.value);
    sessionStorage.setItem('sd.ticketFilter', q.toString());
    token = null;
    load(true);
  });
  await load(true);
}
