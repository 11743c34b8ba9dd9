export { webRoutes } from './plugin.js';
