import { createAuthenticator } from "./auth/create-authenticator.js";
import { registerSecretHolder, unregisterSecretHolder } from "./errors/redaction.js";
import { ClientLifetime } from "./http/client-lifetime.js";
import { DeprecationNotices } from "./http/deprecation-notices.js";
import type { ClientContext } from "./http/settings.js";
import { Callbacks } from "./observability/callbacks.js";
import { Observer } from "./observability/observer.js";
import type { AtlasWarning } from "./observability/warnings.js";
import { createContainersApi, type ContainersApi } from "./containers/containers-api.js";
import { createPeersApi, type PeersApi } from "./peers/peers-api.js";
import type { AtlasClientOptions } from "./client/options.js";
import { resolveSettings } from "./client/settings.js";
import {
  createTypedFetch,
  type AtlasOperation,
  type AtlasOperationOptions,
  type AtlasTypedFetch,
} from "./client/typed-fetch.js";

declare global {
  interface SymbolConstructor {
    /**
     * `Symbol.asyncDispose` (Node.js 20.4 and later), declared here as `@types/node` and
     * TypeScript's `esnext.disposable` library declare it, so that the declarations compile with
     * an older `lib` (such as `["es2022", "dom"]`) and no Node.js types.
     */
    readonly asyncDispose: unique symbol;
  }
}

export interface AtlasClient extends AtlasTypedFetch {
  /** Peering connections: return the data or throw an `AtlasApiError`. */
  readonly peers: PeersApi;
  /** Network peering containers, where peers live: return the data or throw an `AtlasApiError`. */
  readonly containers: ContainersApi;
  /** The Atlas base URL this client (and its credentials) are bound to. */
  readonly baseUrl: string;
  /**
   * Begins an operation: several calls under one deadline and one signal. Pass it to each as its
   * `operation` option (and to `peers.waitFor`); see `AtlasOperation`.
   *
   * ```ts
   * const operation = atlas.operation({ totalTimeoutMs: 60_000 });
   * const container = await atlas.containers.ensure(groupId, body, { operation });
   * await atlas.peers.waitFor(groupId, peerId, { operation, until: "userAction" });
   * operation.end();
   * ```
   */
  operation(options?: AtlasOperationOptions): AtlasOperation;
  /**
   * Refuses further calls and ends the operations in flight (they reject; nothing more is sent for
   * them, and their waits end), waits for a token request already sent, and revokes every OAuth
   * token this client obtained. Once it resolves, the client sends nothing more. Safe to call
   * twice; never rejects. A token in a store that processes share is not revoked: other
   * processes use it (see `revokeToken`).
   */
  close(): Promise<void>;
  /**
   * Service accounts: revokes the token in use now at Atlas and removes it from the token store
   * (if the store still holds it); the next call, in any process, gets a new one. Rejects with
   * `AtlasAuthenticationError` when Atlas refuses. Does nothing for other credentials.
   */
  revokeToken(): Promise<void>;
  /** `close()`, for `await using atlas = createAtlasClient(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a client for the Atlas Administration API v2 network peering endpoints (containers and
 * peers). Every option is checked here (`AtlasConfigurationError` names the one at fault);
 * nothing is sent until the first call.
 */
export function createAtlasClient(options: AtlasClientOptions = {}): AtlasClient {
  const { settings, auth, environmentSecrets } = resolveSettings(options);
  const { onWarning } = options;
  let observer: Observer | undefined;
  // Warnings go to onWarning; with logging on and no onWarning, to the log; else to process warnings.
  const callbacks = new Callbacks(
    onWarning
      ? { name: "onWarning", deliver: onWarning }
      : settings.log
        ? { name: "logger.warn", deliver: (warning: AtlasWarning) => observer!.logWarning(warning) }
        : undefined,
  );
  observer = new Observer(settings.hooks, settings.log, callbacks);
  const lifetime = new ClientLifetime();
  const authenticator = createAuthenticator(auth, { settings, lifetime, observer });
  // Every error, log line and warning from now on is scrubbed of this client's secrets, and of
  // the secret credential variables it read but does not use.
  const secretHolder = { secrets: () => [...authenticator.secrets(), ...environmentSecrets] };
  registerSecretHolder(secretHolder);
  const context: ClientContext = {
    settings,
    lifetime,
    observer,
    deprecations: new DeprecationNotices((warning) => observer.warn(warning)),
    authenticator,
  };
  const { typedFetch, requester } = createTypedFetch(context);

  let closed: Promise<void> | undefined;
  // First the lifetime (synchronous: operations in flight stop, nothing new starts), then the
  // authenticator (a token request on the wire is waited for, and every token revoked).
  const close = () =>
    (closed ??= (async () => {
      lifetime.close();
      await authenticator.close().catch(() => {});
      // Once no operation of this client is under way and none of its callbacks can fail any more,
      // nothing of it makes text: its secrets need no redaction.
      void lifetime
        .quiet()
        .then(() => callbacks.idle())
        .then(() => unregisterSecretHolder(secretHolder));
    })());
  return {
    ...typedFetch,
    peers: createPeersApi(requester),
    containers: createContainersApi(requester),
    baseUrl: settings.baseUrl,
    operation: (operationOptions) => requester.begin(operationOptions),
    close,
    revokeToken: async () => authenticator.revokeToken?.(),
    [Symbol.asyncDispose]: close,
  };
}
