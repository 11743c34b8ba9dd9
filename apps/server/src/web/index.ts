import type { FastifyPluginAsync } from 'fastify';

/** The server-rendered pages (placeholder until the pages land). */
export const webRoutes: FastifyPluginAsync = async () => {};
