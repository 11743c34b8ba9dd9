// The notice board's pages: plain HTML, every value escaped.

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}' +
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}' +
  'li{margin:.5rem 0}button{font:inherit;padding:.4rem 1rem}textarea{width:100%;font:inherit}';

export function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHTML(title)}</title><style>${STYLE}</style></head><body><h1>Team notice board</h1>${body}</body></html>`;
}

export function signedOutView() {
  return '<p>Sign in to read and post notices.</p><p><a href="/login" id="sign-in">Sign in with Kakunin</a></p>';
}

const AMR = {
  pwd: 'password',
  otp: 'one-time code',
  mfa: 'multi-factor',
  pop: 'security key',
  user: 'user presence',
};

export function signedInView(session, notices) {
  const { claims, userinfo } = session;
  const methods = (claims.amr ?? []).map((m) => `${escapeHTML(m)} (${escapeHTML(AMR[m] ?? m)})`).join(', ');
  const list = notices.length
    ? `<ul>${notices.map((n) => `<li><strong>${escapeHTML(n.author)}</strong>: ${escapeHTML(n.text)}</li>`).join('')}</ul>`
    : '<p>No notices yet.</p>';
  return `<p id="who">Signed in as <strong>${escapeHTML(userinfo.preferred_username)}</strong></p>
<dl id="how">
<dt>amr</dt><dd id="amr">${methods}</dd>
<dt>acr</dt><dd id="acr">${escapeHTML(claims.acr ?? '')}</dd>
<dt>auth_time</dt><dd>${escapeHTML(new Date(claims.auth_time * 1000).toISOString())}</dd>
<dt>sub</dt><dd><code>${escapeHTML(claims.sub)}</code></dd>
</dl>
<form method="post" action="/notices"><p><label for="text">New notice</label><br><textarea id="text" name="text" rows="2" required></textarea></p><p><button type="submit">Post</button></p></form>
${list}
<form method="post" action="/logout"><button type="submit" id="sign-out">Sign out</button></form>`;
}

export function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
