import { type BrandIcon, glyphColour } from './brand-colour.js';
import * as shipped from './brand-icon-set.js';

export type { BrandIcon };

/** Every shipped icon (brand-icon-set.ts names them). */
const ICONS: readonly BrandIcon[] = Object.values(shipped);

/** Other names issuers go by. */
const ALIASES: Readonly<Record<string, string>> = {
  twitter: 'x',
  'battle.net': 'battle.net',
  blizzard: 'battle.net',
  'proton mail': 'proton mail',
  'epic games': 'epic games',
  gmail: 'google',
  youtube: 'google',
  psn: 'playstation',
  'playstation network': 'playstation',
};

const normalise = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ');

const byName: ReadonlyMap<string, BrandIcon> = new Map(ICONS.map((i) => [normalise(i.title), i]));

/** Every shipped icon, by title (for the picker). */
export function allBrandIcons(): readonly BrandIcon[] {
  return ICONS;
}

/** The icon for an issuer ("GitHub", "github.com", "Google Workspace"), if one is shipped. */
export function brandIconFor(issuer: string): BrandIcon | undefined {
  const name = normalise(issuer)
    .replace(/^www\./, '')
    .replace(/\.(com|net|org|io|co\.jp|jp|dev|app)$/, '');
  const exact = byName.get(ALIASES[name] ?? name);
  if (exact) return exact;
  // "Google Workspace", "GitHub Enterprise": the first word often names the brand.
  const first = name.split(/[\s:(/-]/)[0] ?? '';
  return byName.get(ALIASES[first] ?? first);
}

/** The icon as a self-contained SVG data: URL (brand colour behind a white or black glyph), to store. */
export function brandIconDataURL(icon: BrandIcon): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 32 32"><rect x="-4" y="-4" width="32" height="32" fill="#${icon.hex}"/><path fill="${glyphColour(icon.hex)}" d="${icon.path}"/></svg>`;
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

/** A lettered tile as an SVG data: URL: "no brand icon" chosen on purpose, stored like any icon. */
export function letterIconDataURL(issuer: string, name: string): string {
  const letter = [...(issuer || name).trim()][0]?.toUpperCase() ?? '?';
  const escaped = letter.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#37474f"/><text x="16" y="22" font-family="sans-serif" font-size="18" font-weight="600" fill="#fff" text-anchor="middle">${escaped}</text></svg>`;
  return `data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(svg)))}`;
}
