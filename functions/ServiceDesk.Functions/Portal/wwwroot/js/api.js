// Calls to the ServiceDesk API next to the portal (/api/portal/ → /api/), with the session's bearer token.
// Failures arrive as problem+json; problemText and fieldTexts turn them into sentences in the current language.
import { session, endSession } from './auth.js';
import { currentLang, format, t } from './i18n.js';

const base = location.pathname.replace(/portal\/.*$/, '');

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Returns { data, etag, status }; throws ApiError (status 0 when the network failed). */
export async function api(method, path, { body, ifMatch, headers = {}, raw } = {}) {
  const s = session();
  if (!s) {
    onUnauthorized();
    throw new ApiError(401, null);
  }
  const init = { method, headers: { Authorization: `Bearer ${s.token}`, Accept: 'application/json', ...headers } };
  if (ifMatch) init.headers['If-Match'] = ifMatch;
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(base + path, init);
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') && response.status !== 204 ? await response.json().catch(() => null) : null;
  if (response.status === 401) {
    endSession();
    onUnauthorized('expired');
    throw new ApiError(401, data);
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

// Texts for problem codes and field rules (GET /api/texts); the portal's own generic texts when it is not there.
let textsPromise = null;
export function loadProblemTexts() {
  textsPromise ??= fetch(base + 'texts', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  return textsPromise;
}
let problemTexts = {};
export async function ensureProblemTexts() {
  problemTexts = await loadProblemTexts();
}

function localized(entry) {
  return entry?.[currentLang()] ?? null;
}

/** A people-readable sentence for a failure, in the current language. */
export function problemText(error) {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.status === 0) return t('error.network');
  const code = error.problem?.code;
  const text = code ? localized(problemTexts.problems?.[code]) : null;
  if (text) return text;
  const generic = `error.${error.status}`;
  const fallback = t(generic);
  if (fallback !== generic) return fallback;
  return currentLang() === 'en' && error.problem?.detail ? error.problem.detail : t('error.generic');
}

/** Field → sentence, for errors shown next to their fields. */
export function fieldTexts(error, labelOf) {
  const result = {};
  if (!(error instanceof ApiError) || error.status !== 400) return result;
  const label = (field) => localized(problemTexts.fields?.[field]) ?? labelOf(field) ?? field;
  for (const fe of error.problem?.fieldErrors ?? []) {
    const rule = localized(problemTexts.fieldRules?.[fe.rule]);
    const text = rule
      ? format(rule, { ...(fe.args ?? {}), field: label(fe.field) })
      : currentLang() === 'en' && fe.message ? fe.message : t('error.field', { field: label(fe.field) });
    (result[fe.field] ??= []).push(text);
  }
  for (const [field, messages] of Object.entries(error.problem?.errors ?? {})) {
    if (result[field]) continue;
    result[field] = currentLang() === 'en' ? [].concat(messages) : [t('error.field', { field: label(field) })];
  }
  return result;
}
