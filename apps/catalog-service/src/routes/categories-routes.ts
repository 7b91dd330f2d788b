import { definePlugin } from '@storefront/service-kit';
import { categoriesSchema } from './schemas.js';

/** `GET /categories`: every category with its product count, ordered by name. */
export const categoriesRoutes = definePlugin(
  'catalog-categories-routes',
  async (app) => {
    app.get('/categories', { schema: { response: { 200: categoriesSchema } } }, async () => ({
      items: app.db.listCategories(),
    }));
  },
  { encapsulate: true },
);
