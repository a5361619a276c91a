import { createHash } from "node:crypto";

/**
 * A digest server as strict as RFC 7616 lets one be about `nc`: it refuses any nc not above the
 * last one it accepted for the nonce, answering 401 `stale=true` (or, with `ncOrder: "ignored"`, a
 * lenient one). With `nonces: "single"` it has
 * one nonce and offers that same nonce again in the stale answer (the review's hostile server);
 * with `nonces: "fresh"` every challenge carries a new nonce (as http-auth does). Nonces older
 * than `lifetimeMs` are stale. It checks the response hash, so wrong keys get a plain 401.
 */
export interface StrictDigestOptions {
  username: string;
  password: string;
  nonces: "single" | "fresh";
  /** "strict" (default): nc must grow per nonce. "ignored": any nc is fine (Apache's default). */
  ncOrder?: "strict" | "ignored";
  lifetimeMs?: number;
  /** Milliseconds since some origin; default `performance.now()` (virtual under a VirtualClock). */
  now?: () => number;
}

export type DigestVerdict = { ok: true } | { ok: false; wwwAuthenticate: string; stale: boolean };

const realm = "MMS Public API";

export class StrictDigestServer {
  readonly #options: StrictDigestOptions;
  readonly #nonces = new Map<string, { issuedAt: number; lastNc: number }>();
  #current: string | undefined;
  #issued = 0;
  readonly stats = { challenges: 0, stale: 0, wrong: 0, accepted: 0 };

  constructor(options: StrictDigestOptions) {
    this.#options = options;
  }

  check(method: string, uri: string, authorization: string | undefined): DigestVerdict {
    const now = (this.#options.now ?? (() => performance.now()))();
    const fields = authorization?.startsWith("Digest ") ? parseDigest(authorization) : undefined;
    if (!fields) return this.#challenge(now, false);
    const state = this.#nonces.get(fields.nonce ?? "");
    const lifetime = this.#options.lifetimeMs ?? Infinity;
    if (!state || now - state.issuedAt >= lifetime) return this.#challenge(now, true);
    const ha1 = md5(`${this.#options.username}:${realm}:${this.#options.password}`);
    const expected = md5(
      `${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:auth:${md5(`${method}:${uri}`)}`,
    );
    if (fields.username !== this.#options.username || fields.uri !== uri || fields.response !== expected) {
      this.stats.wrong += 1;
      return this.#challenge(now, false);
    }
    const nc = Number.parseInt(fields.nc ?? "", 16);
    if (this.#options.ncOrder !== "ignored" && !(nc > state.lastNc)) {
      // A single-nonce server offers the same nonce again: it is valid, only this nc came too late.
      if (this.#options.nonces === "fresh") return this.#challenge(now, true);
      this.stats.stale += 1;
      return { ok: false, wwwAuthenticate: challengeHeader(fields.nonce!, true), stale: true };
    }
    state.lastNc = nc;
    this.stats.accepted += 1;
    return { ok: true };
  }

  #challenge(now: number, stale: boolean): DigestVerdict {
    if (stale) this.stats.stale += 1;
    else this.stats.challenges += 1;
    const lifetime = this.#options.lifetimeMs ?? Infinity;
    const current = this.#current ? this.#nonces.get(this.#current) : undefined;
    let nonce = this.#current;
    if (this.#options.nonces === "fresh" || !current || now - current.issuedAt >= lifetime) {
      nonce = `nonce-${(this.#issued += 1)}-${Math.random().toString(36).slice(2, 10)}`;
      this.#nonces.set(nonce, { issuedAt: now, lastNc: 0 });
      this.#current = nonce;
    }
    return { ok: false, wwwAuthenticate: challengeHeader(nonce!, stale), stale };
  }
}

function challengeHeader(nonce: string, stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5${stale ? ", stale=true" : ""}`;
}

function parseDigest(header: string): Record<string, string | undefined> {
  const fields: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
    fields[match[1]!.toLowerCase()] = (match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1");
  return fields;
}

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}
