/** Which WebAssembly reader the app has not yet told where to load from. */
export type UnconfiguredReader = 'qr' | 'sqlite';

/**
 * The app has not configured a reader it needs (a browser build must call configureQRDecoder or
 * configureSQLite first). A mistake in the app, not in the file: it is never turned into an
 * ImportError, so the person is not told their file is damaged.
 */
export class NotConfiguredError extends Error {
  override readonly name = 'NotConfiguredError';
  readonly reader: UnconfiguredReader;

  constructor(reader: UnconfiguredReader, message: string) {
    super(message);
    this.reader = reader;
  }
}
