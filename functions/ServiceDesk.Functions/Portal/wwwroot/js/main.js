// The portal's entry point: the page frame (header, major-incident banner, main) and a hash router.
import { h, clear } from './dom.js';
import { loadTexts, t, setLang, currentLang, pick, formatDate } from './i18n.js';
import { loadConfig, session, sessionExpired, endSession, completeEntraSignIn } from './auth.js';
import { api, whenUnauthorized, ensureProblemTexts } from './api.js';
import { takeFlash, message, go, flash } from './ui.js';
import { signInPage } from './pages/signin.js';
import { ticketsPage } from './pages/tickets.js';
import { newTicketPage } from './pages/new-ticket.js';
import { ticketPage } from './pages/ticket.js';
import { approvalsPage } from './pages/approvals.js';
import { surveyPage } from './pages/survey.js';

const routes = [
  [/^#\/sign-in$/, signInPage, false],
  [/^#\/tickets$/, ticketsPage, true],
  [/^#\/new$/, newTicketPage, true],
  [/^#\/tickets\/([A-Za-z0-9-]+)$/, ticketPage, true],
  [/^#\/tickets\/([A-Za-z0-9-]+)\/survey$/, surveyPage, true],
  [/^#\/approvals$/, approvalsPage, true],
];

const root = document.getElementById('app');

whenUnauthorized(() => {
  endSession();
  // Several calls of one page may fail at once: the first one leads to the sign-in page.
  if (location.hash === '#/sign-in') return;
  flash('info', t('signin.expired'));
  go('#/sign-in');
});

function header(s) {
  const nav = s
    ? h('nav', { 'aria-label': t('nav.main'), class: 'nav' },
        h('a', { href: '#/tickets', 'data-nav': 'tickets' }, t('nav.tickets')),
        h('a', { href: '#/new', 'data-nav': 'new' }, t('nav.new')),
        s.user.roles.includes('Approver') ? h('a', { href: '#/approvals', 'data-nav': 'approvals' }, t('nav.approvals')) : null)
    : null;
  const langButton = h('button', {
    type: 'button', class: 'link-button', id: 'lang-switch', lang: currentLang() === 'sv' ? 'en' : 'sv',
    title: t('lang.switchLabel'),
    onclick: () => { setLang(currentLang() === 'sv' ? 'en' : 'sv'); render(); },
  }, t('lang.switch'));
  const user = s
    ? [h('span', { class: 'user' }, h('span', { class: 'visually-hidden' }, t('common.signedInAs', { name: '' })), s.user.name || s.user.id),
       h('button', { type: 'button', class: 'link-button', id: 'sign-out', onclick: () => { endSession(); flash('info', t('signin.signedOut')); go('#/sign-in'); } }, t('nav.signOut'))]
    : [];
  return h('header', { class: 'topbar' },
    h('div', { class: 'topbar-inner' },
      h('a', { class: 'brand', href: s ? '#/tickets' : '#/sign-in' },
        h('img', { src: 'img/logo.svg', alt: '', width: 28, height: 28 }),
        h('span', {}, t('app.name')), h('span', { class: 'tagline' }, t('app.tagline'))),
      nav,
      h('div', { class: 'topbar-tools' }, ...user, langButton)));
}

async function banner(slot) {
  try {
    const { data } = await api('GET', 'major-incidents');
    const open = (data?.items ?? []).filter((m) => m.status !== 'resolved');
    clear(slot);
    for (const m of open) {
      slot.append(h('section', { class: 'banner', 'aria-labelledby': `mi-${m.id}` },
        h('div', { class: 'banner-inner' },
          h('h2', { id: `mi-${m.id}` }, `${t('banner.title')}: ${pick(m.title)}`),
          m.message ? h('p', {}, pick(m.message)) : null,
          m.nextUpdateAt ? h('p', { class: 'muted' }, t('banner.next', { date: formatDate(m.nextUpdateAt) })) : null)));
    }
  } catch {
    // The banner is a courtesy: without it the page still works.
  }
}

let renderCount = 0;
async function render() {
  const mine = ++renderCount;
  const hash = location.hash || '#/tickets';
  let match = null;
  let page = null;
  let needsSession = true;
  for (const [pattern, p, auth] of routes) {
    match = hash.match(pattern);
    if (match) {
      page = p;
      needsSession = auth;
      break;
    }
  }
  const s = session();
  if (needsSession && !s) {
    if (sessionExpired()) {
      endSession();
      flash('info', t('signin.expired'));
    }
    go('#/sign-in');
    return;
  }
  document.title = t('app.name');
  const main = h('main', { id: 'main', tabindex: '-1' });
  const bannerSlot = h('div', { id: 'banner' });
  clear(root).append(
    h('a', { class: 'skip-link', href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } }, t('nav.skip')),
    header(s), bannerSlot, main);
  const f = takeFlash();
  const container = h('div', { class: 'container' });
  main.append(container);
  if (f) container.append(message(f.kind, f.text));
  const active = hash.split('/')[1];
  for (const a of root.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === active || (active === 'tickets' && a.dataset.nav === 'tickets')) a.setAttribute('aria-current', 'page');
  }
  if (s) banner(bannerSlot);
  const body = h('div', { class: 'page' });
  container.append(body);
  if (!page) {
    body.append(h('h1', {}, t('page.notFound')));
    return;
  }
  await page(body, ...match.slice(1));
  if (mine === renderCount) {
    const heading = body.querySelector('h1');
    if (heading) document.title = `${heading.textContent} – ${t('app.name')}`;
  }
}

async function start() {
  await Promise.all([loadTexts(), loadConfig(), ensureProblemTexts()]);
  try {
    await completeEntraSignIn();
  } catch {
    // A failed Entra round trip leaves the user on the sign-in page.
  }
  window.addEventListener('hashchange', render);
  if (!location.hash) history.replaceState(null, '', '#/tickets');
  await render();
}

start();
