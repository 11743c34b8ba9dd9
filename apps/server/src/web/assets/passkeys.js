// Passkey forms (external file: the CSP allows no inline script). Each `form[data-passkey]` is
// hidden in the page; this script shows it when the browser can use passkeys, and on submit asks the
// JSON API for options, opens the browser's dialog (@simplewebauthn/browser, loaded before this file),
// and sends the form with the browser's answer in `response`, or why there is none in `failure`. The
// server says what happened, in the page's language.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn?.browserSupportsWebAuthn()) return;

  const OPTIONS = {
    register: '/api/me/passkeys/options',
    'sign-in': '/api/login/passkey/options',
    reauthenticate: '/api/me/reauthenticate/passkey/options',
  };

  async function options(form) {
    const response = await fetch(OPTIONS[form.dataset.passkey], {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) return body;
    const error = new Error(body?.error?.code ?? 'OPTIONS_FAILED');
    error.code = body?.error?.code;
    throw error;
  }

  function send(form, field, value) {
    form.elements.namedItem(field).value = value;
    // form.submit() fires no submit event: page.js's double-submit guard is not involved.
    form.submit();
  }

  /** One passkey ceremony for `form`; `autofill` waits for the username field's suggestions. */
  async function ceremony(form, autofill) {
    let optionsJSON;
    try {
      optionsJSON = await options(form);
    } catch (error) {
      if (autofill) return;
      if (error.code === 'REAUTHENTICATION_REQUIRED' && form.dataset.passkeyReauthenticate) {
        location.assign(form.dataset.passkeyReauthenticate);
        return;
      }
      send(form, 'failure', error.code ?? 'options');
      return;
    }
    try {
      const answer =
        form.dataset.passkey === 'register'
          ? await webauthn.startRegistration({ optionsJSON })
          : await webauthn.startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
      send(form, 'response', JSON.stringify(answer));
    } catch (error) {
      // Autofill is given up when a button starts its own ceremony: nothing to report.
      if (autofill) return;
      delete form.dataset.busy;
      send(form, 'failure', error?.name ?? 'error');
    }
  }

  for (const form of document.querySelectorAll('form[data-passkey]')) {
    form.hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!form.reportValidity() || form.dataset.busy) return;
      form.dataset.busy = '1';
      ceremony(form, false).finally(() => delete form.dataset.busy);
    });
  }

  const autofill = document.querySelector('form[data-passkey-autofill]');
  if (autofill) {
    webauthn.browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported) ceremony(autofill, true);
    });
  }
})();
