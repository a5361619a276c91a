import * as crypto from "node:crypto";

export type DigestAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess";

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
  /** Whether the server said the nonce it rejected was merely stale (RFC 7616 §3.3). */
  stale: boolean;
}

export interface DigestInput {
  username: string;
  /** Either the password, or `ha1`: H(username:realm:password), which a client computes once per realm. */
  password?: string;
  ha1?: string;
  method: string;
  /** The request-target: path and query, exactly as sent. */
  uri: string;
  challenge: DigestChallenge;
  nonceCount: number;
  cnonce: string;
}

/**
 * The RFC 7616 `Authorization: Digest ...` value for `qop=auth`. Exported for the conformance test
 * that compares it with curl's header for the same challenge, cnonce and nc.
 */
export function digestAuthorization(input: DigestInput): string {
  const { challenge } = input;
  const h = hashFor(challenge.algorithm);
  const nc = input.nonceCount.toString(16).padStart(8, "0");
  let ha1 = input.ha1 ?? h(`${input.username}:${challenge.realm}:${input.password}`);
  if (challenge.algorithm.endsWith("-sess")) ha1 = h(`${ha1}:${challenge.nonce}:${input.cnonce}`);
  const ha2 = h(`${input.method}:${input.uri}`);
  const response = h(`${ha1}:${challenge.nonce}:${nc}:${input.cnonce}:auth:${ha2}`);
  let header =
    `Digest username=${quote(input.username)}, realm=${quote(challenge.realm)}, nonce=${quote(challenge.nonce)}, ` +
    `uri=${quote(input.uri)}, algorithm=${challenge.algorithm}, response="${response}", qop=auth, nc=${nc}, cnonce=${quote(input.cnonce)}`;
  if (challenge.opaque !== undefined) header += `, opaque=${quote(challenge.opaque)}`;
  return header;
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** The digest's hash as hex. */
export function hashFor(algorithm: DigestAlgorithm): (text: string) => string {
  return algorithm.startsWith("SHA-256") ? sha256 : md5;
}

/**
 * crypto.hash, the one-shot form (a fraction of createHash's cost), where the runtime has it (Node
 * 20.12 and later); read from the namespace, because a named import of a missing export would
 * fail when the module loads on a runtime without it.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

function digestOf(algorithm: string, text: string): string {
  return oneShot ? oneShot(algorithm, text, "hex") : crypto.createHash(algorithm).update(text).digest("hex");
}

function md5(text: string): string {
  return digestOf("md5", text);
}

function sha256(text: string): string {
  return digestOf("sha256", text);
}
