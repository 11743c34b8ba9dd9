/** Who the browser's authenticator signs for: the service's host name and origin, from PUBLIC_URL. */
export interface RelyingParty {
  /** The RP ID: PUBLIC_URL's host name. */
  id: string;
  /** PUBLIC_URL's origin: the only origin an answer may come from. */
  origin: string;
  /** Shown by the browser's dialog. */
  name: string;
}

/** The relying party of a service served at `publicURL`. */
export function relyingParty(publicURL: URL, name: string): RelyingParty {
  return { id: publicURL.hostname, origin: publicURL.origin, name };
}
