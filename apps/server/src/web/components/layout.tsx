/**
 * The former name of the page frame, kept so pages written against it still build.
 * @deprecated import `Page` from './page.js'.
 */
export { Page as Layout } from './page.js';
