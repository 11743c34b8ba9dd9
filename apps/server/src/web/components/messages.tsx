/** An error that belongs to one field: `field` is the input's id, so the error summary can link to it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * What a page says about the last action, already translated: a confirmation (`notice`), an error
 * about the whole form (`error`), and errors of single fields (`fieldErrors`).
 */
export interface PageMessages {
  notice?: string | undefined;
  error?: string | undefined;
  fieldErrors?: readonly FieldError[] | undefined;
}

/** The error message of one field, for its Field component. */
export function errorFor(messages: PageMessages | undefined, field: string): string | undefined {
  return messages?.fieldErrors?.find((error) => error.field === field)?.message;
}

/** Whether the page shows any error (the title then starts with "Error:", as screen readers read it first). */
export function hasErrors(messages: PageMessages | undefined): boolean {
  return Boolean(messages?.error || messages?.fieldErrors?.length);
}
