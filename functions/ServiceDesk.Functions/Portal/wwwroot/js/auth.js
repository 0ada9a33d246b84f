// The signed-in session: kept in sessionStorage (gone with the tab), never in localStorage.
const KEY = 'sd.session';
let config = null;
let msal = null;

export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-cache' });
  config = response.ok ? await response.json() : { signIn: 'unavailable' };
  return config;
}

export const signInMode = () => config?.signIn ?? 'unavailable';

function decode(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function session() {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw);
    if (!s.token || (s.exp && s.exp * 1000 <= Date.now())) return null;
    return s;
  } catch {
    return null;
  }
}

/** True when a session was stored but has expired or cannot be read. */
export function sessionExpired() {
  return sessionStorage.getItem(KEY) !== null && session() === null;
}

export function startSession(token) {
  const claims = decode(token) ?? {};
  const customerClaim = config?.customerClaim ?? 'customer_id';
  const roles = [].concat(claims.roles ?? []);
  const s = {
    token,
    exp: claims.exp ?? null,
    user: { id: claims.sub ?? claims.oid ?? '', name: claims.name ?? claims.preferred_username ?? '', customerId: claims[customerClaim] ?? '', roles },
  };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

export function endSession() {
  sessionStorage.removeItem(KEY);
}

export async function developmentSignIn(claims) {
  const response = await fetch('../dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(claims),
  });
  return response;
}

// Microsoft Entra ID (MSAL.js, authorization code flow with PKCE). Not exercised by the local tests (no tenant).
async function msalApp() {
  if (msal) return msal;
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'vendor/msal-browser.min.js';
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
  const e = config.entra;
  msal = new window.msal.PublicClientApplication({
    auth: { clientId: e.clientId, authority: e.authority, redirectUri: location.origin + location.pathname },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  return msal;
}

export async function entraSignIn() {
  const app = await msalApp();
  await app.loginRedirect({ scopes: config.entra.scopes });
}

/** After Entra redirects back: take the token for the API scope into the session. */
export async function completeEntraSignIn() {
  if (signInMode() !== 'entra') return;
  const app = await msalApp();
  const result = await app.handleRedirectPromise();
  const account = result?.account ?? app.getAllAccounts()[0];
  if (!account) return;
  const token = await app.acquireTokenSilent({ scopes: config.entra.scopes, account });
  startSession(token.accessToken);
}
