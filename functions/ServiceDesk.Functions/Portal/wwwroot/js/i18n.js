// Portal texts in Swedish (default) and English; the choice is remembered in localStorage (a preference, no secret).
const KEY = 'sd.lang';
const texts = {};
let lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'sv';

export async function loadTexts() {
  const [sv, en] = await Promise.all(['sv', 'en'].map((l) => fetch(`i18n/${l}.json`).then((r) => r.json())));
  texts.sv = sv;
  texts.en = en;
  document.documentElement.lang = lang;
}

export const currentLang = () => lang;

export function setLang(value) {
  lang = value === 'en' ? 'en' : 'sv';
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}

export function format(template, args = {}) {
  return template.replace(/\{(\w+)\}/g, (m, name) => (args[name] ?? m).toString());
}

export function t(key, args) {
  const template = texts[lang]?.[key] ?? texts.sv?.[key] ?? key;
  return format(template, args);
}

/** A {sv, en} label from the API, or a plain string. */
export function pick(label) {
  if (label === null || label === undefined) return '';
  if (typeof label === 'string') return label;
  return label[lang] ?? label.sv ?? label.en ?? '';
}

export function formatDate(value, withTime = true) {
  if (!value) return '';
  const date = new Date(value);
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', withTime
    ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}
