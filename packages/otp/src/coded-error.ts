/** The product's languages. */
export type Language = 'en' | 'ja';

/**
 * Words a person reads, in both of the product's languages: every package's error catalogue maps
 * each code to one of these (plain text, or a function of the error's details where the words name
 * them, such as a file).
 */
export interface LocalizedMessage<Words = string> {
  en: Words;
  ja: Words;
}

/** An error a package words for people: what apps show, in the person's language. */
export interface LocalizedError {
  readonly code: string;
  localizedMessage(lang: Language): string;
}

/** True when `error` carries a code and the package's words for it (KeyURIError, VaultError, ImportError…). */
export function isLocalizedError(error: unknown): error is Error & LocalizedError {
  return (
    error instanceof Error &&
    typeof (error as Partial<LocalizedError>).code === 'string' &&
    typeof (error as Partial<LocalizedError>).localizedMessage === 'function'
  );
}

/** An error about untrusted input: a stable `code` for programs, an English `message` for logs. */
export class CodedError<Code extends string> extends Error implements LocalizedError {
  readonly code: Code;
  readonly #messages: Readonly<Record<Code, LocalizedMessage>>;

  constructor(
    code: Code,
    messages: Readonly<Record<Code, LocalizedMessage>>,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    const text = messages[code].en;
    super(detail === undefined ? text : `${text} (${detail})`, options);
    this.code = code;
    this.#messages = messages;
  }

  /** The message for a person in their language (without the detail, which is English for logs). */
  localizedMessage(lang: Language): string {
    return this.#messages[this.code][lang];
  }
}
