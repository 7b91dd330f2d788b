import { ApiError, definePlugin } from '@storefront/service-kit';
import { renderProductSvg } from '../images/product-svg.js';
import type { ErrorCode } from '../lib/error-codes.js';

const SVG_SUFFIX = '.svg';

/** `GET /images/:file`: an SVG drawn from the product whose slug is the file name. */
export const imagesRoutes = definePlugin(
  'catalog-images-routes',
  async (app) => {
    app.get<{ Params: { file: string } }>('/images/:file', async (request, reply) => {
      const { file } = request.params;
      const slug = file.endsWith(SVG_SUFFIX) ? file.slice(0, -SVG_SUFFIX.length) : '';
      const product = slug ? app.db.findProductBySlug(slug) : undefined;
      if (!product) {
        throw new ApiError<ErrorCode>(404, 'IMAGE_NOT_FOUND', `No image "${file.slice(0, 80)}".`);
      }
      return (
        reply
          .type('image/svg+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          // Opened directly, an SVG is a document; forbid scripts and external loads in it just in case.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(renderProductSvg(product))
      );
    });
  },
  { encapsulate: true },
);
