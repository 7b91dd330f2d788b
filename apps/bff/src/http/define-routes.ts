import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { definePlugin } from '@storefront/service-kit';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyPluginOptions,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/** The instance routes are registered on: request and reply types come from the contract's TypeBox schemas. */
export type ContractApi = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * A plugin of routes (encapsulated: its hooks stay its own) registered from the contract's definitions, e.g.
 * `api.route({ ...listProducts, handler })`, so each handler is type-checked against its contract answers.
 */
export function defineRoutes<Options extends FastifyPluginOptions = Record<never, never>>(
  name: string,
  register: (api: ContractApi, options: Options) => Promise<void>,
): FastifyPluginAsync<Options> {
  return definePlugin<Options>(
    name,
    async (app, options) => register(app.withTypeProvider<TypeBoxTypeProvider>(), options),
    { encapsulate: true },
  );
}
