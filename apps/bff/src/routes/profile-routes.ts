import { getProfile, updateProfile } from '@storefront/contract';
import type { AccountClient } from '../clients/account-client.js';
import { dataAnswer } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';
import { signedInUser } from '../identity.js';
import { serviceKeyOf } from '../plugins/idempotency.js';

export interface ProfileRoutesOptions {
  account: AccountClient;
}

/** `/api/account/profile`: the signed-in user's profile from the account service. */
export const profileRoutes = defineRoutes<ProfileRoutesOptions>(
  'profile-routes',
  async (api, { account }) => {
    api.route({
      ...getProfile,
      config: { identity: 'user' },
      handler: async (request, reply) =>
        dataAnswer(request, reply, await account.getProfile(signedInUser(request.identity), request.id)),
    });

    api.route({
      ...updateProfile,
      config: { identity: 'user', idempotency: 'optional' },
      handler: async (request, reply) => {
        const user = signedInUser(request.identity);
        const answer = await account.updateProfile(user, request.body, request.id, serviceKeyOf(request));
        return dataAnswer(request, reply, answer);
      },
    });
  },
);
