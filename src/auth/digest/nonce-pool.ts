import type { RequestState } from "../../http/authenticator.js";
import type { DigestChallenge } from "./digest-response.js";

/**
 * Which nonce, and which nc, each digest request uses: the design that keeps valid keys from
 * ending in 401 when requests overtake each other, with few extra requests.
 *
 * The problem. RFC 7616 lets a server refuse any nc not above the last one it accepted for the
 * nonce (http-auth does; the review's hostile server too, offering the same nonce again in a 401
 * `stale=true`). Concurrent requests sharing a nonce get increasing nc's when they are built, but
 * reach the server's check in any order: against such a server, every request overtaken by a
 * later one is refused. Retrying with the same shared nonce only loses the race again, which is
 * how 10 to 26 of 150 concurrent calls used to end in 401 after exhausting their retries.
 *
 * The design.
 * 1. Lenient until shown otherwise: all requests share the newest nonce, each with the next nc.
 *    Most servers (Apache's default, Atlas as far as anyone has seen) do not care about the order,
 *    and this is one request per call, with no waiting.
 * 2. A stale answer offering a nonce nobody uses yet (http-auth gives one with every 401, a server
 *    does when a nonce expires): the call retries alone on that nonce ("private"), with nc 1.
 *    Nothing else uses it until that retry is answered, so nothing can overtake it. Then it
 *    becomes a nonce for everybody (the current one, or a lane, below).
 * 3. Shown strict: a stale answer that offers the very nonce it refused (the nonce is fine, the nc
 *    came late), or that refuses an nc lower than one already accepted for the nonce. From then
 *    on each nonce carries one request at a time (a "lane"): a call takes an idle nonce, holds it
 *    until its answer (through its stale retries: they cannot be overtaken either), and calls
 *    that find none idle wait in line, within their own limits. Lanes are the nonces the server
 *    has handed out (fresh ones from stale answers add parallelism); a server with one nonce is
 *    then served one request at a time, which is the only order it accepts. When no nonce is
 *    idle, held or private (all expired), a call goes without credentials to collect a new one.
 *
 * Cost: against a lenient server, nothing. Against a strict one, the stale answers of the requests
 * already out when the strictness showed (at most one per concurrent call, once), then none:
 * measured in test/client/digest-reordering.test.ts and the property suite. An expired nonce still
 * costs one extra request per call that used it.
 */
export class Nonce {
  /** The last nc sent with this nonce. */
  count = 0;
  /** The highest nc the server accepted (answered other than 401). */
  highestAccepted = 0;
  /** The server offered another nonce in its place: nobody starts a request on this one. */
  expired = false;
  /** Strict mode: the call whose request this nonce carries now. */
  holder: RequestState | undefined;
  /** The call retrying on this fresh nonce; nobody else uses it until that retry is answered. */
  privateTo: RequestState | undefined;
  /** The answer for nc `count + 1`, computed ahead on a guess of the method and URI (see DigestAuthenticator). */
  prepared: { nc: number; method: string; uri: string; header: string } | undefined;
  /** A computation ahead is scheduled. */
  preparing = false;

  constructor(
    readonly challenge: DigestChallenge,
    /** H(A1) of the username, realm and password: computed once per nonce. */
    readonly ha1: string,
  ) {}
}

/** What a call used for its last attempt, and what it holds. */
export class DigestCall {
  /** The nonce of the last attempt; undefined when it was sent without credentials. */
  used: Nonce | undefined;
  /** The nc of the last attempt. */
  nc = 0;
  /** Strict mode: the nonce it holds until its answer. */
  holds: Nonce | undefined;
  /** A fresh nonce for its own retry (see 2. above). */
  own: Nonce | undefined;
  /** Its bare request collects the first challenge; other first calls wait for it. */
  collectsFirstChallenge = false;
}

/** Nonces remembered; older ones are dropped (each stale answer may bring a new one). */
const maximumNonces = 64;

export class NoncePool {
  readonly #nonces = new Map<string, Nonce>();
  #strict = false;
  /** Lenient mode: the nonce new requests share. */
  #current: Nonce | undefined;
  /** Calls waiting: for the first challenge, or (strict mode) for an idle nonce. Woken all at once. */
  #waiting: Array<() => void> = [];

  get strict(): boolean {
    return this.#strict;
  }

  /** The lenient steady state: the nonce every request shares, if there is one. */
  get current(): Nonce | undefined {
    return this.#strict ? undefined : this.#current;
  }

  /** Whether some call collects (or waits for) the first challenge. */
  firstChallengeCollector: DigestCall | undefined;

  find(value: string): Nonce | undefined {
    return this.#nonces.get(value);
  }

  /** Registers a nonce from a challenge; `current` when lenient mode should move to it. */
  add(nonce: Nonce, current: boolean): Nonce {
    this.#nonces.delete(nonce.challenge.nonce);
    this.#nonces.set(nonce.challenge.nonce, nonce);
    if (this.#nonces.size > maximumNonces) {
      for (const [value, old] of this.#nonces) {
        if (old.holder || old.privateTo || old === this.#current) continue;
        this.#nonces.delete(value);
        break;
      }
    }
    if (current) this.#current = nonce;
    return nonce;
  }

  /** The nonce lenient mode shares is no longer usable: move to `next` if it is. */
  replaceCurrent(stale: Nonce, next: Nonce | undefined): void {
    if (this.#current === stale && next && !next.privateTo) this.#current = next;
  }

  /** A private nonce whose retry was answered: lenient mode shares it if its current nonce is gone. */
  promote(nonce: Nonce): void {
    if (!this.#current || this.#current.expired) this.#current = nonce;
  }

  becomeStrict(): void {
    this.#strict = true;
  }

  /** Strict mode: an idle nonce for `call` to hold, or what to do instead. */
  acquire(call: RequestState): Nonce | "wait" | "collect" {
    let busy = false;
    let idle: Nonce | undefined;
    for (const nonce of this.#nonces.values()) {
      if (nonce.expired) continue;
      if (nonce.holder || nonce.privateTo) busy = true;
      else idle = nonce; // the newest idle one: the least likely to have expired
    }
    if (idle) {
      idle.holder = call;
      return idle;
    }
    return busy ? "wait" : "collect";
  }

  /** A promise that resolves when a nonce may have become available (or the first challenge came). */
  next(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Wakes every waiting call; each looks again (the first ones in line first). */
  wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  clear(): void {
    this.#nonces.clear();
    this.#current = undefined;
    this.firstChallengeCollector = undefined;
    this.wake();
  }
}
