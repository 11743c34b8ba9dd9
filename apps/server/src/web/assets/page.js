// Small helpers every page loads (external file: the CSP allows no inline script). The pages work
// without it; it only adds comfort.
(() => {
  // Times in the browser's time zone: tell the server (cookie, read by the next page) and rewrite
  // the times of this page, which the server wrote in the zone it knew.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) {
    if (!document.cookie.split('; ').includes(`tz=${zone}`)) {
      const secure = location.protocol === 'https:' ? '; secure' : '';
      document.cookie = `tz=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
    }
    const ja = document.documentElement.lang === 'ja';
    const format = new Intl.DateTimeFormat(ja ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: ja ? '2-digit' : 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone: zone,
    });
    for (const time of document.querySelectorAll('time[data-local-time]')) {
      const at = Date.parse(time.getAttribute('datetime') ?? '');
      if (!Number.isNaN(at)) time.textContent = format.format(at);
    }
  }

  // A nicety on top of the server's single-use submission tokens: a form that is on its way shows
  // its button as busy, and a second click does not send it again.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = '1';
    // Disabled after this tick, so the clicked button's own name/value is still sent.
    setTimeout(() => {
      for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = true;
    }, 0);
  });
  // Coming back with the Back button shows the page from the cache: let its forms be sent again.
  window.addEventListener('pageshow', () => {
    for (const form of document.querySelectorAll('form[data-sent]')) {
      delete form.dataset.sent;
      for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = false;
    }
  });
})();
