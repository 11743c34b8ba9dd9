/**
 * Reads an `Issuer:Name` label. It splits right after `issuer` when the label starts with it
 * (issuers may contain colons), else at the first colon; `issuer`, when given, wins over the prefix.
 * Spaces around the parts are dropped, as Google's Key URI Format allows "Issuer: Name".
 */
export function splitLabel(label: string, issuer: string | undefined): { issuer: string; name: string } {
  if (issuer && label.startsWith(`${issuer}:`))
    return { issuer, name: label.slice(issuer.length + 1).trim() };
  const colon = label.indexOf(':');
  const prefix = colon < 0 ? '' : label.slice(0, colon).trim();
  return { issuer: issuer || prefix, name: label.slice(colon + 1).trim() };
}

/**
 * Writes an `Issuer:Name` label with each part passed through `encode`. Without an issuer, a name
 * holding a colon gets an empty prefix so that reading it back does not take a piece as the issuer.
 */
export function joinLabel(issuer: string, name: string, encode: (part: string) => string = String): string {
  return issuer !== '' || name.includes(':') ? `${encode(issuer)}:${encode(name)}` : encode(name);
}
