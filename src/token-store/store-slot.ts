import { createHash } from "node:crypto";

/**
 * The name a service account's entries share in a store (files `<slot>.token`, Redis keys
 * `…{<slot>}:token`): a hash of the base URL and client id, so that it says nothing of the secret
 * and holds no path or key syntax.
 */
export function storeSlot(scope: { baseUrl: string; clientId: string }): string {
  return createHash("sha256").update(`${scope.baseUrl}\n${scope.clientId}`).digest("base64url").slice(0, 32);
}
