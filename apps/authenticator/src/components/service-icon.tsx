import type { JSX } from 'preact';
import { type BrandIcon, glyphColour } from '../lib/brand-colour.js';

// Tile colours for lettered icons: all dark enough for white text (contrast ≥ 4.5 : 1).
const TILE_COLOURS = ['#1f4e79', '#6a1b9a', '#00695c', '#8d3b00', '#ad1457', '#37474f', '#2e5d1f', '#4527a0'];

/** A stable colour for an issuer, so the same service always gets the same tile. */
function tileColour(text: string): string {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return TILE_COLOURS[Math.abs(hash) % TILE_COLOURS.length] ?? '#37474f';
}

/** The first letter (or character, for Japanese names) to show on a tile. */
export function tileLetter(issuer: string, name: string): string {
  const source = (issuer || name).trim();
  return source ? [...source][0]!.toUpperCase() : '?';
}

/**
 * The account's icon: the one stored with it (picked here, or brought from Aegis), else the brand
 * icon matching its issuer, else a lettered tile. Decorative: the row's text names the account.
 */
export function ServiceIcon(props: {
  issuer: string;
  name: string;
  stored?: string | undefined;
  brand?: BrandIcon | undefined;
}): JSX.Element {
  const { issuer, name, stored, brand } = props;
  if (stored) return <img class="service-icon" src={stored} alt="" aria-hidden="true" />;
  if (brand) {
    return (
      <span class="service-icon" style={{ background: `#${brand.hex}` }} aria-hidden="true">
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
          <path d={brand.path} fill={glyphColour(brand.hex)} />
        </svg>
      </span>
    );
  }
  return (
    <span class="service-icon letter" style={{ background: tileColour(issuer || name) }} aria-hidden="true">
      {tileLetter(issuer, name)}
    </span>
  );
}
