/** How long a copied code stays on the clipboard: long enough to paste it, short enough to not linger. */
export const CLIPBOARD_CLEAR_MS = 20_000;

let pending: ReturnType<typeof setTimeout> | undefined;

/**
 * Copies a code and clears the clipboard again after CLIPBOARD_CLEAR_MS, as password managers do, so
 * a code (or, with HOTP, a code not yet used) does not stay readable by whatever runs next. Browsers
 * only let a focused page write the clipboard, so the clearing happens while the page has focus;
 * when the person has switched away by then the clipboard is left as it is (it may hold something
 * they copied elsewhere since).
 */
export async function copyCode(code: string): Promise<void> {
  await navigator.clipboard.writeText(code);
  clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    if (document.hasFocus()) navigator.clipboard.writeText('').catch(() => undefined);
  }, CLIPBOARD_CLEAR_MS);
}
