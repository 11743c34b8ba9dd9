import { expect } from 'vitest';
import type { Client } from './client.js';

/** The hidden fields (CSRF and submission token) of the form posting to `action` in a page. */
export function hiddenFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`method="post" action="${action}"`);
  expect(start, `no form posting to ${action}`).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[match[1] as string] = match[2] as string;
  }
  return fields;
}

/** GETs a page and returns the hidden fields of its form posting to `action`. */
export async function formOn(client: Client, url: string, action: string): Promise<Record<string, string>> {
  const page = await client.send('GET', url);
  expect(page.statusCode, `GET ${url}`).toBe(200);
  return hiddenFields(page.body, action);
}

/** Submits a form like a browser without JavaScript does. */
export function postForm(client: Client, url: string, fields: Record<string, string>) {
  return client.send('POST', url, undefined, {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** Signs in with the page form; returns the redirect target. */
export async function signInWithForm(client: Client, username: string, password: string): Promise<string> {
  const fields = await formOn(client, '/sign-in', '/sign-in');
  const response = await postForm(client, '/sign-in', { ...fields, username, password });
  return String(response.headers.location);
}
