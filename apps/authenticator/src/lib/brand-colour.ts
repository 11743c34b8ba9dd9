/** A brand icon from simple-icons (CC0): its name, SVG path on a 24×24 grid and brand colour. */
export interface BrandIcon {
  readonly title: string;
  readonly path: string;
  readonly hex: string;
}

/** White or black, whichever stands out more against the brand colour. */
export function glyphColour(hex: string): string {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.35 ? '#000' : '#fff';
}
