import { randomBytes } from "node:crypto";
import { AtlasAuthenticationError } from "../../errors/transport-errors.js";
import type { Authenticator } from "../authenticator.js";
import { digestAuthorization, type DigestAlgorithm, type DigestChallenge } from "./digest-response.js";
import { MalformedChallengeError, parseWwwAuthenticate, type AuthChallenge } from "./www-authenticate.js";

const supportedAlgorithms = new Map<string, DigestAlgorithm>([
  ["MD5", "MD5"],
  ["MD5-SESS", "MD5-sess"],
  ["SHA-256", "SHA-256"],
  ["SHA-256-SESS", "SHA-256-sess"],
]);

/**
 * HTTP Digest (RFC 7616, `qop=auth`, MD5 or SHA-256) for Atlas API keys.
 *
 * Written here rather than taken from a library: digest-fetch cannot take the `Request` objects
 * openapi-fetch passes and goes back to two requests per call once a nonce expires; urllib sends
 * every body twice. Here, once a challenge is known, every request carries a pre-computed answer
 * with the same nonce, an increasing `nc` and a fresh `cnonce`, so the steady state is one HTTP
 * request per call, plus one per nonce expiry (`stale=true`).
 *
 * Concurrency: `nc` is incremented synchronously when a header is built, so concurrent calls each
 * get a unique, increasing count. While the very first request is out collecting the challenge,
 * other first calls wait for it instead of each drawing a 401 of their own.
 */
export class DigestAuthenticator implements Authenticator {
  readonly #username: string;
  readonly #password: string;
  #challenge: DigestChallenge | undefined;
  #nonceCount = 0;
  #firstChallenge: { promise: Promise<void>; release: () => void } | undefined;

  constructor(publicKey: string, privateKey: string) {
    this.#username = publicKey;
    this.#password = privateKey;
  }

  authorizationFor(method: string, requestTarget: string): string | undefined | Promise<string | undefined> {
    if (this.#challenge) return this.#answer(method, requestTarget);
    if (this.#firstChallenge) {
      return this.#firstChallenge.promise.then(() =>
        this.#challenge ? this.#answer(method, requestTarget) : undefined,
      );
    }
    // This request goes out bare to collect the challenge; concurrent first calls wait for it.
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.#firstChallenge = { promise, release };
    return undefined;
  }

  shouldRetryUnauthorized(headers: Headers, sentAuthorization: string | undefined): boolean {
    try {
      const offered = chooseDigestChallenge(headers.get("www-authenticate"));
      if (offered.nonce !== this.#challenge?.nonce) {
        this.#challenge = offered;
        this.#nonceCount = 0;
      }
      // Answer the challenge when we sent no credentials, or when the server says the nonce we used
      // was merely stale (expired, or an nc it saw out of order). Credentials refused without
      // `stale=true` are wrong credentials (RFC 7616 §3.3): the 401 stands.
      return sentAuthorization === undefined || offered.stale;
    } finally {
      this.settled();
    }
  }

  settled(): void {
    const waiting = this.#firstChallenge;
    if (waiting) {
      this.#firstChallenge = undefined;
      waiting.release();
    }
  }

  secrets(): string[] {
    return [this.#password];
  }

  async close(): Promise<void> {
    this.#challenge = undefined;
    this.settled();
  }

  #answer(method: string, requestTarget: string): string {
    this.#nonceCount += 1;
    return digestAuthorization({
      username: this.#username,
      password: this.#password,
      method,
      uri: requestTarget,
      challenge: this.#challenge!,
      nonceCount: this.#nonceCount,
      cnonce: randomBytes(12).toString("hex"),
    });
  }
}

/** Picks the strongest Digest challenge we can answer, or explains why none. */
export function chooseDigestChallenge(header: string | null): DigestChallenge {
  if (!header)
    throw new AtlasAuthenticationError("the server answered 401 without a WWW-Authenticate challenge");
  let challenges: AuthChallenge[];
  try {
    challenges = parseWwwAuthenticate(header);
  } catch (error) {
    throw new AtlasAuthenticationError(
      `the server's WWW-Authenticate header is malformed: ${(error as MalformedChallengeError).message}`,
    );
  }
  const digests = challenges.filter((challenge) => challenge.scheme.toLowerCase() === "digest");
  if (digests.length === 0) {
    const schemes = challenges.map((challenge) => challenge.scheme).join(", ") || "none";
    throw new AtlasAuthenticationError(
      `the server does not offer Digest authentication (offered: ${schemes})`,
    );
  }
  const usable: DigestChallenge[] = [];
  const refusals: string[] = [];
  for (const { params } of digests) {
    const algorithmName = (params.get("algorithm") ?? "MD5").toUpperCase();
    const algorithm = supportedAlgorithms.get(algorithmName);
    const qops = (params.get("qop") ?? "").split(",").map((qop) => qop.trim().toLowerCase());
    const realm = params.get("realm");
    const nonce = params.get("nonce");
    if (!algorithm)
      refusals.push(
        `algorithm ${algorithmName} is not supported (MD5, SHA-256 and their -sess variants are)`,
      );
    else if (!qops.includes("auth"))
      refusals.push("the challenge does not offer qop=auth (digest without it has no replay protection)");
    else if (realm === undefined || !nonce) refusals.push("the challenge has no realm or no nonce");
    else {
      const challenge: DigestChallenge = {
        realm,
        nonce,
        algorithm,
        stale: params.get("stale")?.toLowerCase() === "true",
      };
      const opaque = params.get("opaque");
      if (opaque !== undefined) challenge.opaque = opaque;
      usable.push(challenge);
    }
  }
  if (usable.length === 0)
    throw new AtlasAuthenticationError(`cannot answer the server's Digest challenge: ${refusals.join("; ")}`);
  return usable.find((challenge) => challenge.algorithm.startsWith("SHA-256")) ?? usable[0]!;
}
