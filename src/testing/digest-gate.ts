import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type httpAuth from "http-auth";

/**
 * HTTP Digest as Atlas does it, by the `http-auth` library: our client's digest code must meet an
 * implementation none of us wrote. Realm `MMS Public API`, `qop=auth`, MD5.
 *
 * One adaptation: http-auth keeps every nonce valid for one hour, fixed in its code. To make a nonce
 * expire sooner (and be answered `stale=true`, as Apache and Atlas do), nonces older than
 * `nonceLifetimeMs` are removed from its list before each check, which is exactly what http-auth
 * itself does with nonces older than its hour.
 */
export class DigestGate {
  readonly #digest: ReturnType<typeof httpAuth.digest>;
  readonly #nonceLifetimeMs: number;

  constructor(
    /** http-auth, loaded at run time. */
    auth: typeof httpAuth,
    users: ReadonlyMap<string, string>,
    nonceLifetimeMs: number,
    unauthorizedBody: string,
  ) {
    this.#nonceLifetimeMs = nonceLifetimeMs;
    this.#digest = auth.digest(
      { realm: "MMS Public API", qop: "auth", msg401: unauthorizedBody, contentType: "application/json" },
      (username, callback) => {
        const privateKey = users.get(username);
        // An unknown user gets a hash nothing can match, so the answer is an ordinary 401.
        callback(
          createHash("md5")
            .update(`${username}:MMS Public API:${privateKey ?? "\u0000unknown"}`)
            .digest("hex"),
        );
      },
    );
  }

  /** Calls `next` for an authenticated request; otherwise http-auth answers 401 with a challenge. */
  check(request: IncomingMessage, response: ServerResponse, next: (user: string) => void): void {
    const now = Date.now();
    this.#digest.nonces = this.#digest.nonces.filter(
      ([, issuedAt]) => now - issuedAt < this.#nonceLifetimeMs,
    );
    this.#digest.check((authenticated) => next(authenticated.user ?? ""))(request, response);
  }
}
