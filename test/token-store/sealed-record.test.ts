import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { RecordSeal } from "../../src/token-store/sealed-record.js";
import { tokenFromPlaintext, tokenPlaintext } from "../../src/token-store/records.js";
import { propertyRuns, propertyTimeoutMs } from "../helpers/property-runs.js";

// Property tests: a generous time limit, as a safety net (see propertyTimeoutMs).
vi.setConfig({ testTimeout: propertyTimeoutMs });

const scope = {
  clientId: "mdb_sa_id_0123456789abcdef",
  clientSecret: "mdb_sa_sk_sealed-record-secret-0123456789",
  baseUrl: "https://cloud.mongodb.com",
};
const printable = fc.string({ minLength: 1, maxLength: 80 });

describe("sealed records (HKDF-SHA256 -> AES-256-GCM, bound to client id and base URL)", () => {
  test("a sealed token opens with the same scope, and shows nothing of the token", () => {
    const seal = new RecordSeal(scope);
    const token = { accessToken: "eyJhbGciOi.sealed-token-value", expiresAt: 2e12, refreshAt: 2e12 - 60_000 };
    const sealed = seal.seal("token", tokenPlaintext(token));
    expect(sealed).toMatch(/^apc1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).not.toContain("sealed-token-value");
    expect(Buffer.from(sealed.split(".")[2]!, "base64url").toString("latin1")).not.toContain("sealed");
    expect(tokenFromPlaintext(seal.open("token", sealed))).toEqual(token);
    // A fresh IV each time: the same token never seals to the same text.
    expect(seal.seal("token", tokenPlaintext(token))).not.toBe(sealed);
  });

  test("property: any plaintext round-trips", () => {
    const seal = new RecordSeal(scope);
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (plaintext) => {
        expect(seal.open("token", seal.seal("token", plaintext))).toBe(plaintext);
      }),
    );
  });

  test("property: another client id, base URL, secret or purpose never opens it", () => {
    fc.assert(
      fc.property(
        printable,
        fc.constantFrom("clientId", "baseUrl", "clientSecret", "kind"),
        (other, field) => {
          const sealed = new RecordSeal(scope).seal("token", '{"t":"x","e":2,"r":1}');
          if (field === "kind") {
            expect(new RecordSeal(scope).open("hold", sealed)).toBeUndefined();
            return;
          }
          fc.pre(other !== scope[field]);
          expect(new RecordSeal({ ...scope, [field]: other }).open("token", sealed)).toBeUndefined();
        },
      ),
    );
  });

  test("property: any change to a sealed value (a byte, a cut, an append) is ignored, never thrown", () => {
    const seal = new RecordSeal(scope);
    const sealed = seal.seal(
      "token",
      tokenPlaintext({ accessToken: "tok-123456", expiresAt: 9, refreshAt: 8 }),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: sealed.length - 1 }),
        fc.oneof(
          fc.record({
            kind: fc.constant("replace" as const),
            char: fc.string({ minLength: 1, maxLength: 1 }),
          }),
          fc.record({ kind: fc.constant("cut" as const) }),
          fc.record({ kind: fc.constant("append" as const), text: printable }),
        ),
        (at, change) => {
          let tampered: string;
          if (change.kind === "replace") tampered = sealed.slice(0, at) + change.char + sealed.slice(at + 1);
          else if (change.kind === "cut") tampered = sealed.slice(0, at);
          else tampered = sealed.slice(0, at) + change.text + sealed.slice(at);
          fc.pre(tampered !== sealed);
          expect(seal.open("token", tampered)).toBeUndefined();
        },
      ),
      propertyRuns(3000),
    );
    // The last character of a base64url field has spare bits: a text that differs only there
    // decodes to the same bytes, and is refused all the same.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(sealed.at(-1)!) ^ 1]!;
    const lenient = sealed.slice(0, -1) + sibling;
    expect(Buffer.from(lenient.split(".")[3]!, "base64url")).toEqual(
      Buffer.from(sealed.split(".")[3]!, "base64url"),
    );
    expect(seal.open("token", lenient)).toBeUndefined();
  });

  test("property: arbitrary stored values (strings, JSON, binary, other types) read as nothing", () => {
    const seal = new RecordSeal(scope);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
          fc
            .tuple(
              fc.uint8Array({ minLength: 12, maxLength: 12 }),
              fc.uint8Array(),
              fc.uint8Array({ minLength: 16, maxLength: 16 }),
            )
            .map((parts) => `apc1.${parts.map((part) => Buffer.from(part).toString("base64url")).join(".")}`),
          fc.anything(),
        ),
        (value) => {
          expect(seal.open("token", value)).toBeUndefined();
        },
      ),
    );
  });

  test("property: a record that opens but does not hold a token reads as no token", () => {
    const seal = new RecordSeal(scope);
    fc.assert(
      fc.property(fc.json(), (json) => {
        const token = tokenFromPlaintext(seal.open("token", seal.seal("token", json)));
        if (token) {
          expect(typeof token.accessToken).toBe("string");
          expect(token.refreshAt).toBeLessThanOrEqual(token.expiresAt);
        }
      }),
    );
    expect(tokenFromPlaintext('{"t":"","e":2,"r":1}')).toBeUndefined();
    expect(tokenFromPlaintext('{"t":"x","e":1,"r":2}')).toBeUndefined();
    expect(tokenFromPlaintext('{"t":"x","e":"2","r":1}')).toBeUndefined();
  });
});
