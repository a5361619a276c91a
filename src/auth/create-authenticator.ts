import type { AtlasAuthOptions } from "./auth-options.js";
import { noAuthentication, type Authenticator } from "../http/authenticator.js";
import { BearerAuthenticator } from "./bearer-authenticator.js";
import { DigestAuthenticator } from "./digest/digest-authenticator.js";
import { createMemoryTokenStore } from "./memory-token-store.js";
import { ServiceAccountAuthenticator, type AuthContext } from "./service-account-authenticator.js";
import { tokenStoreFromCache } from "./token-cache.js";

export function createAuthenticator(auth: AtlasAuthOptions, context: AuthContext): Authenticator {
  switch (auth.type) {
    case "digest":
      return new DigestAuthenticator(auth.publicKey, auth.privateKey);
    case "serviceAccount": {
      const tokenStore =
        auth.tokenStore ??
        (auth.tokenCache
          ? tokenStoreFromCache(
              auth.tokenCache,
              `atlas-peering-client:${context.settings.baseUrl}:${auth.clientId}`,
            )
          : createMemoryTokenStore());
      return new ServiceAccountAuthenticator(context, {
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        tokenStore,
        revokeOnClose: auth.revokeOnClose ?? tokenStore.sharedByProcesses === false,
      });
    }
    case "bearer":
      return new BearerAuthenticator(auth.token);
    case "none":
      return noAuthentication;
  }
}
