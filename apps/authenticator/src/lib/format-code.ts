/** Groups a code for reading aloud: "123456" → "123 456", "12345678" → "1234 5678". Steam codes stay whole. */
export function groupCode(code: string): string {
  if (code.length < 6 || !/^\d+$/.test(code)) return code;
  const half = Math.floor(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}
