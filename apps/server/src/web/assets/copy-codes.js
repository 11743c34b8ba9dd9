// Progressive enhancement for the recovery codes page: shows a Copy button that puts the codes on
// the clipboard. Without JavaScript the button stays hidden and the codes can be downloaded instead.
for (const button of document.querySelectorAll('button[data-copy-target]')) {
  const list = document.getElementById(button.dataset.copyTarget);
  if (!list || !navigator.clipboard) continue;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    const codes = [...list.querySelectorAll('code')].map((code) => code.textContent).join('\n');
    try {
      await navigator.clipboard.writeText(`${codes}\n`);
      button.textContent = button.dataset.copiedLabel || label;
      setTimeout(() => {
        button.textContent = label;
      }, 2000);
    } catch {
      window.getSelection()?.selectAllChildren(list);
    }
  });
}
