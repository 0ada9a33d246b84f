import { h, clear } from '../dom.js';
import { t, formatDate, pick } from '../i18n.js';
import { api, problemText } from '../api.js';
import { field, showError, clearError, formMessage, busy, message } from '../ui.js';

export async function approvalsPage(body) {
  body.append(h('h1', {}, t('approvals.title')), h('p', { class: 'lead' }, t('approvals.intro')));
  const list = h('div', { class: 'stack', id: 'approvals' });
  const status = h('div', { 'aria-live': 'polite' });
  body.append(status, list);
  let items;
  try {
    items = (await api('GET', 'approvals/mine')).data?.items ?? [];
  } catch (error) {
    list.append(message('error', problemText(error)));
    return;
  }
  if (items.length === 0) {
    list.append(h('p', { class: 'empty' }, t('approvals.empty')));
    return;
  }
  for (const item of items) {
    const comment = h('textarea', { rows: 2 });
    const approve = h('button', { type: 'submit', class: 'button primary', value: 'approve' }, t('approvals.approve'));
    const reject = h('button', { type: 'submit', class: 'button danger', value: 'reject' }, t('approvals.reject'));
    const headingId = `approval-${item.ticketNumber}-${item.step}`;
    const form = h('form', { novalidate: true, class: 'stack' },
      formMessage(), field('comment', t('approvals.comment'), comment), h('div', { class: 'actions' }, approve, reject));
    const card = h('section', { class: 'card approval', 'aria-labelledby': headingId, 'data-ticket': item.ticketNumber },
      h('div', { class: 'page-head' }, h('h2', { id: headingId }, pick(item.item)), h('span', { class: 'ticket-number' }, item.ticketNumber)),
      h('p', { class: 'muted' }, t('approvals.step', { step: item.stepName }),
        item.expiresAt ? ` · ${t('approvals.expires', { date: formatDate(item.expiresAt) })}` : ''),
      form);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const decision = e.submitter?.value === 'reject' ? 'reject' : 'approve';
      clearError(form);
      busy(approve, true);
      busy(reject, true);
      try {
        await api('POST', `approvals/${encodeURIComponent(item.ticketNumber)}/${item.step}`, { body: { decision, comment: comment.value || null } });
        card.remove();
        clear(status).append(message('success', t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', { number: item.ticketNumber })));
        if (!list.querySelector('.approval')) list.append(h('p', { class: 'empty' }, t('approvals.empty')));
      } catch (error) {
        showError(form, error, { comment: t('approvals.comment') });
        busy(approve, false);
        busy(reject, false);
      }
    });
    list.append(card);
  }
}
