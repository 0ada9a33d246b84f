import { h, clear } from '../dom.js';
import { t, pick, formatDate } from '../i18n.js';
import { api, ApiError, problemText } from '../api.js';
import { session } from '../auth.js';
import { field, showError, clearError, formMessage, busy, statusBadge, message, flash, go } from '../ui.js';

const open = ['new', 'assigned', 'inProgress', 'pending'];

function activityTitle(a) {
  const key = `activity.${a.type}`;
  const text = t(key);
  return text === key ? t('activity.other') : text;
}

function timeline(items) {
  if (items.length === 0) return h('p', { class: 'muted' }, t('detail.timelineEmpty'));
  return h('ol', { class: 'timeline' }, items.map((a) => h('li', { class: `event event-${a.type}` },
    h('div', { class: 'event-head' },
      h('span', { class: 'event-type' }, activityTitle(a)),
      h('span', { class: 'event-actor' }, a.actor?.name ?? ''),
      h('time', { datetime: a.at }, formatDate(a.at))),
    a.text && !a.data?.attachmentId ? h('p', { class: 'event-text' }, a.text) : null,
    a.data?.attachmentId ? h('a', { class: 'attachment', href: '#', 'data-attachment': a.data.attachmentId, 'data-name': a.data.fileName ?? 'file' }, a.data.fileName ?? 'file') : null)));
}

export async function ticketPage(body, number) {
  let ticket;
  let etag;
  let activity;
  try {
    const got = await api('GET', `tickets/${encodeURIComponent(number)}`);
    ticket = got.data;
    etag = got.etag;
    activity = (await api('GET', `tickets/${encodeURIComponent(number)}/activity?pageSize=100`)).data?.items ?? [];
  } catch (error) {
    body.append(h('h1', {}, t('detail.title', { number })),
      message('error', error instanceof ApiError && error.status === 404 ? t('detail.notFound') : problemText(error)),
      h('p', {}, h('a', { href: '#/tickets' }, t('common.back'))));
    return;
  }
  const reload = () => go(`#/tickets/${encodeURIComponent(number)}`);

  const meta = h('dl', { class: 'meta' },
    h('div', {}, h('dt', {}, t('detail.status')), h('dd', {}, statusBadge(ticket.status, pick(ticket.statusLabel)))),
    h('div', {}, h('dt', {}, t('detail.kind')), h('dd', {}, t(`kind.${ticket.kind}`))),
    h('div', {}, h('dt', {}, t('detail.priority')), h('dd', {}, pick(ticket.priorityLabel))),
    h('div', {}, h('dt', {}, t('detail.created')), h('dd', {}, formatDate(ticket.createdAt))),
    h('div', {}, h('dt', {}, t('detail.requester')), h('dd', {}, ticket.requester?.name ?? '')),
    ticket.assigneeName || ticket.assignmentGroup
      ? h('div', {}, h('dt', {}, t('detail.assignee')), h('dd', {}, [ticket.assigneeName, ticket.assignmentGroup].filter(Boolean).join(', ')))
      : null);

  // Comment
  const commentText = h('textarea', { rows: 4 });
  const commentSubmit = h('button', { type: 'submit', class: 'button primary' }, t('detail.commentSubmit'));
  const commentForm = h('form', { novalidate: true, class: 'stack', id: 'comment-form' },
    formMessage(), field('text', t('detail.comment'), commentText), h('div', { class: 'actions' }, commentSubmit));
  commentForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(commentForm);
    busy(commentSubmit, true);
    try {
      await api('POST', `tickets/${encodeURIComponent(number)}/comments`, { body: { text: commentText.value, visibility: 'public' } });
      flash('success', t('detail.commented'));
      reload();
    } catch (error) {
      showError(commentForm, error, { text: t('detail.comment') });
    } finally {
      busy(commentSubmit, false);
    }
  });

  // Attachment
  const file = h('input', { type: 'file' });
  const attachSubmit = h('button', { type: 'submit', class: 'button' }, t('detail.attachSubmit'));
  const attachForm = h('form', { novalidate: true, class: 'stack', id: 'attach-form' },
    formMessage(), field('file', t('detail.attach'), file, t('detail.attachHint')), h('div', { class: 'actions' }, attachSubmit));
  attachForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(attachForm);
    if (!file.files.length) return;
    busy(attachSubmit, true);
    const data = new FormData();
    data.append('file', file.files[0]);
    try {
      await api('POST', `tickets/${encodeURIComponent(number)}/attachments`, { raw: data });
      flash('success', t('detail.attached', { name: file.files[0].name }));
      reload();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405) && !error.problem?.code) {
        clear(attachForm.querySelector('.form-message')).append(message('error', t('detail.attachUnavailable')));
      } else {
        showError(attachForm, error, { file: t('detail.attach') });
      }
    } finally {
      busy(attachSubmit, false);
    }
  });

  // Cancel or reopen, with a reason
  const actions = h('div', { class: 'ticket-actions' });
  function transition(action, buttonText, reasonLabel, done) {
    const reason = h('textarea', { rows: 3 });
    const confirm = h('button', { type: 'submit', class: action === 'cancel' ? 'button danger' : 'button primary' }, t('detail.confirm'));
    const form = h('form', { novalidate: true, class: 'stack', hidden: true, id: `${action}-form` },
      formMessage(), field('reason', reasonLabel, reason), h('div', { class: 'actions' }, confirm));
    const toggle = h('button', { type: 'button', class: 'button', id: `${action}-toggle`, 'aria-expanded': 'false', 'aria-controls': `${action}-form` }, buttonText);
    toggle.addEventListener('click', () => {
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) reason.focus();
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearError(form);
      busy(confirm, true);
      try {
        await api('POST', `tickets/${encodeURIComponent(number)}/transitions/${action}`, { body: { reason: reason.value }, ifMatch: etag });
        flash('success', done);
        reload();
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          flash('error', problemText(error));
          reload();
          return;
        }
        showError(form, error, { reason: reasonLabel });
      } finally {
        busy(confirm, false);
      }
    });
    actions.append(h('div', { class: 'action' }, toggle, form));
  }
  if (open.includes(ticket.status)) transition('cancel', t('detail.cancel'), t('detail.cancelReason'), t('detail.cancelled'));
  if (ticket.status === 'resolved') transition('reopen', t('detail.reopen'), t('detail.reopenReason'), t('detail.reopened'));

  const side = h('aside', { class: 'side stack' });
  if (actions.childElementCount) side.append(h('section', { class: 'card' }, h('h2', {}, t('detail.actions')), actions));
  if (ticket.status === 'resolved' || ticket.status === 'closed') {
    try {
      const survey = await api('GET', `tickets/${encodeURIComponent(number)}/survey`);
      if (survey.data) {
        side.append(h('section', { class: 'card' }, h('h2', {}, t('detail.survey')),
          h('a', { class: 'button primary', href: `#/tickets/${encodeURIComponent(number)}/survey`, id: 'survey-link' }, t('detail.surveyLink'))));
      }
    } catch {
      // No survey for this ticket (or the survey routes are not there): nothing to show.
    }
  }

  const timelineEl = timeline(activity);
  timelineEl.addEventListener?.('click', async (e) => {
    const link = e.target.closest?.('a[data-attachment]');
    if (!link) return;
    e.preventDefault();
    await download(number, link.dataset.attachment, link.dataset.name);
  });

  body.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/tickets' }, t('common.back'))),
    h('div', { class: 'page-head' }, h('h1', { id: 'ticket-title' }, ticket.title), h('span', { class: 'ticket-number' }, ticket.number)),
    h('div', { class: 'with-aside' },
      h('div', { class: 'stack' },
        h('section', { class: 'card' }, meta,
          h('h2', {}, t('detail.description')), h('p', { class: 'description', id: 'ticket-description' }, ticket.description)),
        h('section', { class: 'card' }, h('h2', {}, t('detail.timeline')), timelineEl),
        open.includes(ticket.status) || ticket.status === 'resolved'
          ? h('section', { class: 'card stack' }, commentForm, attachForm)
          : null),
      side));
}

async function download(number, id, name) {
  try {
    const s = session();
    const response = await fetch(location.pathname.replace(/portal\/.*$/, '') + `tickets/${encodeURIComponent(number)}/attachments/${encodeURIComponent(id)}`,
      { headers: { Authorization: `Bearer ${s?.token ?? ''}` } });
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch {
    // The download simply does not start.
  }
}
