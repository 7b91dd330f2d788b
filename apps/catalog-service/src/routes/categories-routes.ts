import { nameRoutes } from '../lib/define-plugin.js';
import { categoriesSchema } from './schemas.js';

/** `GET /categories`: every category with its product count, ordered by name. */
export const categoriesRoutes = nameRoutes('catalog-categories-routes', async (fastify) => {
  fastify.get('/categories', { schema: { response: { 200: categoriesSchema } } }, async () => ({
    items: fastify.db.listCategories(),
  }));
});
