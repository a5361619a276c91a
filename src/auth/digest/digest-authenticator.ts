import { randomBytes } from "node:crypto";
import { redact } from "../../errors/redaction.js";
import { AtlasAuthenticationError } from "../../errors/transport-errors.js";
import type { RequestState } from "../../http/authenticator.js";
import { afterPendingIo } from "../../http/event-loop.js";
import { isHeaderValue } from "../../http/header-values.js";
import type { Authenticator } from "../../http/authenticator.js";
import {
  digestAuthorization,
  hashFor,
  type DigestAlgorithm,
  type DigestChallenge,
} from "./digest-response.js";
import { DigestCall, Nonce, NoncePool } from "./nonce-pool.js";
import { MalformedChallengeError, parseWwwAuthenticate, type AuthChallenge } from "./www-authenticate.js";

const supportedAlgorithms = new Map<string, DigestAlgorithm>([
  ["MD5", "MD5"],
  ["MD5-SESS", "MD5-sess"],
  ["SHA-256", "SHA-256"],
  ["SHA-256-SESS", "SHA-256-sess"],
]);
/** Runs `work` once the current request is on its way. */
const soon = afterPendingIo;
/** Client nonces drawn from the system's random source at once, 12 bytes each: randomBytes costs microseconds a call. */
const cnoncesPerDraw = 256;

/**
 * HTTP Digest (RFC 7616, `qop=auth`, MD5 or SHA-256) for Atlas API keys.
 *
 * Written here rather than taken from a library: digest-fetch cannot take the `Request` objects
 * openapi-fetch passes and goes back to two requests per call once a nonce expires; urllib sends
 * every body twice. Here, once a challenge is known, every request carries a pre-computed answer
 * with a known nonce, the next `nc` and a fresh `cnonce`, so the steady state is one HTTP request
 * per call, plus one per nonce expiry (`stale=true`). While the very first request is out
 * collecting the challenge, other first calls wait for it instead of each drawing a 401 of their
 * own. Which nonce each request uses, and why valid keys never end in 401 when requests overtake
 * each other on the way to a strict server: see nonce-pool.ts.
 */
export class DigestAuthenticator implements Authenticator {
  readonly #username: string;
  readonly #password: string;
  readonly #pool = new NoncePool();
  #cnonces = "";
  #cnonceAt = 0;
  #closed = false;

  readonly answeredUnauthorized = "challenge-answered";

  constructor(publicKey: string, privateKey: string) {
    this.#username = publicKey;
    this.#password = privateKey;
  }

  authorizationFor(
    method: string,
    requestTarget: string,
    call: RequestState,
  ): string | undefined | Promise<string | undefined> {
    const state = (call.authState ??= new DigestCall()) as DigestCall;
    if (state.holds) return this.#answer(state.holds, state, method, requestTarget);
    const own = state.own;
    if (own && (own.privateTo === call || !this.#pool.strict))
      return this.#answer(own, state, method, requestTarget);
    state.own = undefined;
    const current = this.#pool.current;
    if (current) return this.#answer(current, state, method, requestTarget);

    const again = () => this.authorizationFor(method, requestTarget, call);
    if (this.#pool.strict) {
      const nonce = this.#pool.acquire(call);
      if (nonce === "wait") return call.wait(this.#pool.next()).then(again);
      if (nonce !== "collect") {
        state.holds = nonce;
        return this.#answer(nonce, state, method, requestTarget);
      }
    } else if (this.#pool.firstChallengeCollector) {
      // Another call's bare request is out collecting the challenge: wait for it, not for a 401 of our own.
      return call.wait(this.#pool.next()).then(again);
    } else {
      this.#pool.firstChallengeCollector = state;
      state.collectsFirstChallenge = true;
    }
    // This request goes out bare, to collect a challenge.
    state.used = undefined;
    return undefined;
  }

  shouldRetryUnauthorized(
    headers: Headers,
    sentAuthorization: string | undefined,
    call: RequestState,
  ): boolean {
    const state = call.authState as DigestCall;
    const offered = chooseDigestChallenge(headers.get("www-authenticate"), redact);
    const used = state.used;
    if (sentAuthorization === undefined || !used) {
      // A challenge to a request without credentials: the first one, or a new nonce collected.
      const nonce =
        this.#pool.find(offered.nonce) ?? this.#pool.add(this.#nonce(offered), !this.#pool.strict);
      if (this.#pool.strict && !nonce.holder && !nonce.privateTo && !nonce.expired) {
        nonce.holder = call;
        state.holds = nonce;
      }
      this.#endFirstChallenge(state);
      this.#pool.wake();
      return true;
    }
    // Refused without `stale=true`: wrong credentials (RFC 7616 §3.3). The 401 stands.
    if (!offered.stale) return false;

    const sameNonce = offered.nonce === used.challenge.nonce;
    // The nonce is fine but this nc came after a higher one: the server wants them in order.
    if (sameNonce || used.highestAccepted > state.nc) this.#pool.becomeStrict();
    if (sameNonce) {
      // Again on the same nonce with the next nc: alone on it if strict (held, or private).
      if (this.#pool.strict && state.holds !== used && used.privateTo !== call) state.own = undefined;
      return true;
    }
    // Another nonce in its place: this one is done with.
    used.expired = true;
    if (state.holds === used) {
      used.holder = undefined;
      state.holds = undefined;
    }
    if (used.privateTo === call) used.privateTo = undefined;
    state.own = undefined;
    let next = this.#pool.find(offered.nonce);
    if (!next) {
      // Fresh: this call's retry goes out alone on it, and cannot be overtaken.
      next = this.#pool.add(this.#nonce(offered), false);
      next.privateTo = call;
      state.own = next;
    } else if (!this.#pool.strict) state.own = next;
    else if (!next.holder && !next.privateTo && !next.expired) {
      next.holder = call;
      state.holds = next;
    }
    this.#pool.replaceCurrent(used, next);
    this.#pool.wake();
    return true;
  }

  settled(call: RequestState, answer?: number | "no answer" | "request ended"): void {
    const state = call.authState as DigestCall | undefined;
    if (!state) return;
    const answered = typeof answer === "number";
    if (answered && answer !== 401 && state.used)
      state.used.highestAccepted = Math.max(state.used.highestAccepted, state.nc);
    let freed = this.#endFirstChallenge(state);
    if (state.holds) {
      state.holds.holder = undefined;
      state.holds = undefined;
      freed = true;
    }
    const own = state.own;
    if (own && answer !== "no answer") {
      // Its retry was answered (or the call is over): the nonce is for everybody now.
      if (own.privateTo === call) {
        own.privateTo = undefined;
        if (answered && answer !== 401) this.#pool.promote(own);
        freed = true;
      }
      state.own = undefined;
    }
    if (freed) this.#pool.wake();
  }

  secrets(): string[] {
    return [this.#password];
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pool.clear();
  }

  #endFirstChallenge(state: DigestCall): boolean {
    if (!state.collectsFirstChallenge) return false;
    state.collectsFirstChallenge = false;
    if (this.#pool.firstChallengeCollector === state) this.#pool.firstChallengeCollector = undefined;
    return true;
  }

  #nonce(challenge: DigestChallenge): Nonce {
    return new Nonce(
      challenge,
      hashFor(challenge.algorithm)(`${this.#username}:${challenge.realm}:${this.#password}`),
    );
  }

  #answer(nonce: Nonce, state: DigestCall, method: string, uri: string): string {
    const nc = nonce.count + 1;
    const ready = nonce.prepared;
    const header =
      ready && ready.nc === nc && ready.method === method && ready.uri === uri
        ? ready.header
        : this.#header(nonce, method, uri, nc);
    nonce.prepared = undefined;
    nonce.count = nc;
    state.used = nonce;
    state.nc = nc;
    this.#prepareNext(nonce, method, uri);
    return header;
  }

  /**
   * Computes the answer for the next request on this nonce while this one is on the wire, on the
   * guess that it goes to the same method and URI (a loop of updates, a poll). The hashes cost
   * little CPU, but on the path of a request many times that in latency (measured on loopback: 3 µs
   * of MD5 before a call added 15-40 µs to it; the same hashes while the call waits for its answer,
   * nothing). A wrong guess costs hashing done in idle time; the nc is not spent until a request
   * uses it, so the count has no gaps.
   */
  #prepareNext(nonce: Nonce, method: string, uri: string): void {
    if (nonce.preparing) return;
    nonce.preparing = true;
    soon(() => {
      nonce.preparing = false;
      if (this.#closed || nonce.expired) return;
      const nc = nonce.count + 1;
      nonce.prepared = { nc, method, uri, header: this.#header(nonce, method, uri, nc) };
    });
  }

  #header(nonce: Nonce, method: string, uri: string, nc: number): string {
    return digestAuthorization({
      username: this.#username,
      ha1: nonce.ha1,
      method,
      uri,
      challenge: nonce.challenge,
      nonceCount: nc,
      cnonce: this.#cnonce(),
    });
  }

  #cnonce(): string {
    if (this.#cnonceAt >= this.#cnonces.length) {
      this.#cnonces = randomBytes(12 * cnoncesPerDraw).toString("hex");
      this.#cnonceAt = 0;
    }
    this.#cnonceAt += 24;
    return this.#cnonces.slice(this.#cnonceAt - 24, this.#cnonceAt);
  }
}

/** How much of a server's text an authentication error shows: enough to recognize it. */
const shownSchemes = 5;
const shownLength = 24;

/**
 * Picks the strongest Digest challenge we can answer, or explains why none. What the explanation
 * quotes from the header (schemes, an algorithm name) is bounded and goes through `redact`: the
 * header is the server's to write.
 */
export function chooseDigestChallenge(
  header: string | null,
  redact: (text: string) => string = (text) => text,
): DigestChallenge {
  const shown = (text: string) => {
    const clean = redact(text);
    return clean.length > shownLength ? `${clean.slice(0, shownLength)}…` : clean;
  };
  if (!header)
    throw new AtlasAuthenticationError("the server answered 401 without a WWW-Authenticate challenge");
  let challenges: AuthChallenge[];
  try {
    challenges = parseWwwAuthenticate(header);
  } catch (error) {
    const why = redact((error as MalformedChallengeError).message);
    throw new AtlasAuthenticationError(
      `the server's WWW-Authenticate header is malformed: ${why.length > 120 ? `${why.slice(0, 120)}…` : why}`,
    );
  }
  const digests = challenges.filter((challenge) => challenge.scheme.toLowerCase() === "digest");
  if (digests.length === 0) {
    const schemes = challenges.slice(0, shownSchemes).map((challenge) => shown(challenge.scheme));
    if (challenges.length > shownSchemes) schemes.push(`and ${challenges.length - shownSchemes} more`);
    throw new AtlasAuthenticationError(
      `the server does not offer Digest authentication (offered: ${schemes.join(", ") || "none"})`,
    );
  }
  const usable: DigestChallenge[] = [];
  const refusals: string[] = [];
  for (const { params } of digests) {
    const algorithmName = params.get("algorithm") ?? "MD5";
    const algorithm = supportedAlgorithms.get(algorithmName.toUpperCase());
    const qops = (params.get("qop") ?? "").split(",").map((qop) => qop.trim().toLowerCase());
    const realm = params.get("realm");
    const nonce = params.get("nonce");
    const opaque = params.get("opaque");
    if (!algorithm)
      refusals.push(
        `algorithm ${shown(algorithmName)} is not supported (MD5, SHA-256 and their -sess variants are)`,
      );
    else if (!qops.includes("auth"))
      refusals.push("the challenge does not offer qop=auth (digest without it has no replay protection)");
    else if (realm === undefined || !nonce) refusals.push("the challenge has no realm or no nonce");
    else if (![realm, nonce, opaque ?? ""].every(isHeaderValue))
      refusals.push("the challenge's realm, nonce or opaque cannot be sent back in a header");
    else {
      const challenge: DigestChallenge = {
        realm,
        nonce,
        algorithm,
        stale: params.get("stale")?.toLowerCase() === "true",
      };
      if (opaque !== undefined) challenge.opaque = opaque;
      usable.push(challenge);
    }
  }
  if (usable.length === 0)
    throw new AtlasAuthenticationError(
      `cannot answer the server's Digest challenge: ${refusals.slice(0, shownSchemes).join("; ")}`,
    );
  return usable.find((challenge) => challenge.algorithm.startsWith("SHA-256")) ?? usable[0]!;
}
