import type { AtlasAuthOptions } from "../client/options.js";
import type { ClientLifetime } from "../http/client-lifetime.js";
import type { AtlasWarning } from "../http/deprecation-notices.js";
import type { ResolvedBackoff } from "../http/retry-policy.js";
import type { AtlasAuthEvent } from "../observability/events.js";
import { noAuthentication, type Authenticator } from "./authenticator.js";
import { BearerAuthenticator } from "./bearer-authenticator.js";
import { DigestAuthenticator } from "./digest/digest-authenticator.js";
import { ServiceAccountAuthenticator } from "./service-account-authenticator.js";
import { createMemoryTokenCache } from "./token-cache.js";

export interface AuthenticatorContext {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  userAgent: string;
  timeoutMs: number;
  maxRetries: number;
  backoff: ResolvedBackoff;
  maxResponseBytes: number;
  warn: (warning: AtlasWarning) => void;
  /** Reports what authentication does (tokens fetched, refreshed, revoked) to the log, channels. */
  observe: (event: AtlasAuthEvent) => void;
  lifetime: ClientLifetime;
}

export function createAuthenticator(auth: AtlasAuthOptions, context: AuthenticatorContext): Authenticator {
  switch (auth.type) {
    case "digest":
      return new DigestAuthenticator(auth.publicKey, auth.privateKey);
    case "serviceAccount":
      return new ServiceAccountAuthenticator({
        ...context,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        tokenCache: auth.tokenCache ?? createMemoryTokenCache(),
        tokenStore: auth.tokenStore,
        revokeOnClose: auth.revokeOnClose ?? !auth.tokenStore,
      });
    case "bearer":
      return new BearerAuthenticator(auth.token);
    case "none":
      return noAuthentication;
  }
}
