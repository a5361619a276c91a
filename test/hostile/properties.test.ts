import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { chooseDigestChallenge } from "../../src/auth/digest/digest-authenticator.js";
import { MalformedChallengeError, parseWwwAuthenticate } from "../../src/auth/digest/www-authenticate.js";
import { errorFromAnswer, notJson } from "../../src/http/answer-errors.js";
import { setTestSecrets } from "../helpers/test-secrets.js";
import { unwrapEnvelope } from "../../src/http/envelope.js";
import { parseRetryAfter } from "../../src/http/retry-after.js";
import { AtlasApiError, AtlasAuthenticationError } from "../../src/index.js";
import { propertyRuns, propertyTimeoutMs } from "../helpers/property-runs.js";

// Property tests: a generous time limit, as a safety net (see propertyTimeoutMs).
vi.setConfig({ testTimeout: propertyTimeoutMs });

// Property tests: whatever the input, only the documented outcomes. fast-check prints the seed
// and the shrunk counterexample of a failure, so a failing run can be replayed exactly.
const runs = propertyRuns(10_000);

const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);
const quotedContent = fc.string({
  unit: fc.constantFrom("a", "b", " ", ",", '"', "\\", "=", "/", "+", "é", "\t"),
  maxLength: 20,
});
const headerText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(
      "Digest",
      "Basic",
      " ",
      ",",
      "=",
      '"',
      "\\",
      "realm",
      "nonce",
      "qop",
      "auth",
      "MD5",
      "a",
    ),
    maxLength: 40,
  }),
);

describe("WWW-Authenticate parser", () => {
  test("any text: challenges, or MalformedChallengeError; nothing else", () => {
    fc.assert(
      fc.property(headerText, (header) => {
        try {
          const challenges = parseWwwAuthenticate(header);
          for (const challenge of challenges)
            expect(challenge.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedChallengeError);
        }
      }),
      runs,
    );
  });

  test("any text: a digest challenge, or AtlasAuthenticationError; nothing else", () => {
    fc.assert(
      fc.property(headerText, (header) => {
        try {
          const challenge = chooseDigestChallenge(header);
          expect(["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"]).toContain(challenge.algorithm);
        } catch (error) {
          expect(error).toBeInstanceOf(AtlasAuthenticationError);
        }
      }),
      runs,
    );
  });

  test("parameters written per RFC 9110 (quoted strings with escapes) are read back exactly", () => {
    const parameters = fc.uniqueArray(fc.tuple(token, quotedContent), {
      selector: ([name]) => name.toLowerCase(),
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(token, parameters), { minLength: 1, maxLength: 3 }), (challenges) => {
        const header = challenges
          .map(
            ([scheme, params]) =>
              `${scheme} ${params.map(([name, value]) => `${name}="${value.replace(/[\\"]/g, "\\$&")}"`).join(", ")}`,
          )
          .join(", ");
        const parsed = parseWwwAuthenticate(header);
        expect(parsed.map((challenge) => challenge.scheme)).toEqual(challenges.map(([scheme]) => scheme));
        parsed.forEach((challenge, index) => {
          expect(Object.fromEntries(challenge.params)).toEqual(
            Object.fromEntries(challenges[index]![1].map(([name, value]) => [name.toLowerCase(), value])),
          );
        });
      }),
      runs,
    );
  });
});

describe("envelope unwrapping", () => {
  test("any JSON value: undefined, or an HTTP status and a body; never throws, never pollutes a prototype", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            { status: fc.oneof(fc.integer(), fc.double(), fc.string()), content: fc.jsonValue() },
            { requiredKeys: [] },
          ),
        ),
        (value) => {
          const parsed = JSON.parse(
            JSON.stringify(value).replace(/"status"/, '"__proto__":{"polluted":1},"status"'),
          ) as unknown;
          const unwrapped = unwrapEnvelope(parsed);
          if (unwrapped !== undefined) {
            expect(Number.isInteger(unwrapped.status)).toBe(true);
            expect(unwrapped.status).toBeGreaterThanOrEqual(100);
            expect(unwrapped.status).toBeLessThanOrEqual(599);
          }
          expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        },
      ),
      runs,
    );
  });
});

describe("error-body mapping", () => {
  setTestSecrets(["the-secret-value"]);
  const bodies = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc
      .record(
        {
          errorCode: fc.oneof(fc.string(), fc.integer()),
          error: fc.integer(),
          detail: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
          parameters: fc.jsonValue(),
          badRequestDetail: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((value) => JSON.stringify(value)),
  );

  test("any status, body and headers: an AtlasApiError with that status, and no secret in it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        bodies,
        fc.dictionary(
          fc.constantFrom("retry-after", "ratelimit-limit", "ratelimit-remaining", "x-request-id"),
          fc.string({ maxLength: 30 }),
        ),
        fc.boolean(),
        (status, bodyText, headers, withSecret) => {
          const text = withSecret ? `${bodyText}the-secret-value` : bodyText;
          let body: unknown = notJson;
          try {
            body = JSON.parse(text);
          } catch {
            body = notJson;
          }
          const safeHeaders = new Headers();
          for (const [name, value] of Object.entries(headers))
            if (/^[\t\x20-\x7e]*$/.test(value)) safeHeaders.set(name, value);
          const error = errorFromAnswer({
            status,
            method: "PATCH",
            path: "/api/atlas/v2/groups/x/peers/y",
            headers: safeHeaders,
            bodyText: text,
            body,
          });
          expect(error).toBeInstanceOf(AtlasApiError);
          expect(error.status).toBe(status);
          expect(error.message.startsWith(`PATCH /api/atlas/v2/groups/x/peers/y -> ${status} `)).toBe(true);
          expect(JSON.stringify(error)).not.toContain("the-secret-value");
          expect(error.message).not.toContain("the-secret-value");
        },
      ),
      runs,
    );
  });
});

describe("Retry-After parsing", () => {
  test("any text: undefined or a whole number of milliseconds, never negative", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.integer().map(String),
          fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
        ),
        (value) => {
          const parsed = parseRetryAfter(value, Date.parse("2026-11-23T00:00:00Z"));
          if (parsed !== undefined) {
            expect(Number.isSafeInteger(parsed)).toBe(true);
            expect(parsed).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      runs,
    );
  });

  test("delay-seconds and HTTP dates are read exactly", () => {
    const now = Date.parse("2026-11-23T00:00:00Z");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
        expect(parseRetryAfter(new Date(now + seconds * 1000).toUTCString(), now)).toBe(seconds * 1000);
      }),
      runs,
    );
  });
});
