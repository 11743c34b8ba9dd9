/** Texts shown above a page's content: a confirmation and/or an error, already translated. */
export interface PageMessages {
  notice?: string | undefined;
  error?: string | undefined;
}

/** Renders the confirmation (status) and error (alert) of a page. */
export function Messages({ messages }: { messages: PageMessages | undefined }) {
  return (
    <>
      {messages?.notice && (
        <p class="notice" role="status">
          {messages.notice}
        </p>
      )}
      {messages?.error && (
        <p class="error" role="alert">
          {messages.error}
        </p>
      )}
    </>
  );
}
