/** A message a person reads, in both of the product's languages. */
export interface LocalizedMessage {
  en: string;
  ja: string;
}

/** An error about untrusted input: a stable `code` for programs, an English `message` for logs. */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;
  readonly #messages: Readonly<Record<Code, LocalizedMessage>>;

  constructor(code: Code, messages: Readonly<Record<Code, LocalizedMessage>>, detail?: string) {
    const text = messages[code].en;
    super(detail === undefined ? text : `${text} (${detail})`);
    this.code = code;
    this.#messages = messages;
  }

  /** The message for a person in their language (without the detail, which is English for logs). */
  localizedMessage(lang: 'en' | 'ja'): string {
    return this.#messages[this.code][lang];
  }
}
