import type { FastifyInstance } from 'fastify';

/** `GET /health` → `{ status: 'ok', name }`. */
export function registerHealth(app: FastifyInstance, name: string): void {
  app.get('/health', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok', name };
  });
}
