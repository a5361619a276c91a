import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** The first field of every sealed value: the format, so that a later one can tell it apart. */
const format = "apc1";
const salt = "atlas-peering-client token store";
const ivBytes = 12;
const tagBytes = 16;
/** No token record comes near this; a longer value is not even decoded. */
const maximumSealedLength = 16 * 1024;

/** What a sealed value is for: a token, or the fleet's hold on token requests. Part of the AAD. */
export type RecordKind = "token" | "hold";

/**
 * Encrypts and authenticates what a shared store holds (AES-256-GCM, `node:crypto`), with a key
 * derived from the client secret by HKDF-SHA256. The client id and base URL are in both the key
 * derivation and the additional authenticated data: whoever reads the store without the secret
 * learns nothing but a length, and an entry written for another service account, another Atlas
 * (the government cloud, a test server) or another purpose never opens.
 */
export class RecordSeal {
  readonly #key: Buffer;
  readonly #binding: string;

  constructor(scope: { clientId: string; clientSecret: string; baseUrl: string }) {
    const binding = JSON.stringify([format, scope.clientId, scope.baseUrl]);
    this.#key = Buffer.from(hkdfSync("sha256", scope.clientSecret, salt, `aes-256-gcm ${binding}`, 32));
    this.#binding = binding;
  }

  seal(kind: RecordKind, plaintext: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv, { authTagLength: tagBytes });
    cipher.setAAD(this.#aad(kind));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [format, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** The plaintext, or undefined for anything that is not a value this seal made for `kind`. */
  open(kind: RecordKind, sealed: unknown): string | undefined {
    if (typeof sealed !== "string" || sealed.length > maximumSealedLength) return undefined;
    const parts = sealed.split(".");
    if (parts.length !== 4 || parts[0] !== format) return undefined;
    const [iv, ciphertext, tag] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
    // Canonical base64url only: Buffer.from skips stray characters and ignores a last character's
    // spare bits, so two texts could otherwise open to the same record.
    if ([iv!, ciphertext!, tag!].some((bytes, index) => bytes.toString("base64url") !== parts[index + 1]))
      return undefined;
    if (iv!.length !== ivBytes || tag!.length !== tagBytes) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, iv!, { authTagLength: tagBytes });
      decipher.setAAD(this.#aad(kind));
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString("utf8");
    } catch {
      return undefined;
    }
  }

  #aad(kind: RecordKind): Buffer {
    return Buffer.from(`${this.#binding} ${kind}`, "utf8");
  }
}
