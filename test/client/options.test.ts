import { describe, expect, test } from "vitest";
import { AtlasConfigurationError, createAtlasClient, type AtlasClientOptions } from "../../src/index.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";

const digest = { type: "digest", publicKey: "public", privateKey: "private-key-value" } as const;
registerSecrets("private-key-value", "secret-in-env-1234", "private-in-env-5678");

function configurationError(options: AtlasClientOptions): AtlasConfigurationError {
  try {
    createAtlasClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(AtlasConfigurationError);
    return recordProduced(error as AtlasConfigurationError);
  }
  throw new Error("expected createAtlasClient to throw");
}

describe("createAtlasClient checks its options before anything is sent", () => {
  test.each<[string, AtlasClientOptions, string, RegExp]>([
    [
      "a base URL that is not a URL",
      { auth: digest, baseUrl: "cloud.mongodb.com" },
      "baseUrl",
      /not a valid absolute URL/,
    ],
    ["an ftp base URL", { auth: digest, baseUrl: "ftp://cloud.mongodb.com" }, "baseUrl", /must use https/],
    [
      "http:// to a public host",
      { auth: digest, baseUrl: "http://cloud.mongodb.com" },
      "baseUrl",
      /only allowed to loopback hosts/,
    ],
    [
      "credentials in the base URL",
      { auth: digest, baseUrl: "https://user:pass-in-url@cloud.mongodb.com" },
      "baseUrl",
      /must not contain credentials/,
    ],
    [
      "a query string in the base URL",
      { auth: digest, baseUrl: "https://cloud.mongodb.com/?x=1" },
      "baseUrl",
      /query string/,
    ],
    [
      "digest without privateKey",
      { auth: { type: "digest", publicKey: "public" } as never },
      "auth.privateKey",
      /missing/,
    ],
    [
      "digest without publicKey",
      { auth: { type: "digest", privateKey: "private-key-value" } as never },
      "auth.publicKey",
      /missing/,
    ],
    [
      "a service account without clientSecret",
      { auth: { type: "serviceAccount", clientId: "id" } as never },
      "auth.clientSecret",
      /missing/,
    ],
    [
      "a service account with an empty clientId",
      { auth: { type: "serviceAccount", clientId: " ", clientSecret: "s" } },
      "auth.clientId",
      /missing or empty/,
    ],
    [
      "a bearer token with a line break",
      { auth: { type: "bearer", token: "a\r\nX-Injected: 1" } },
      "auth.token",
      /line breaks/,
    ],
    ["an unknown auth type", { auth: { type: "basic" } as never }, "auth.type", /must be/],
    [
      "a token cache without delete",
      {
        auth: {
          type: "serviceAccount",
          clientId: "i",
          clientSecret: "s",
          tokenCache: { get() {}, set() {} } as never,
        },
      },
      "auth.tokenCache",
      /get, set and delete/,
    ],
    ["a malformed apiVersion", { auth: digest, apiVersion: "2025-3-12" }, "apiVersion", /version date/],
    ["a negative timeout", { auth: digest, timeoutMs: -1 }, "timeoutMs", /number from 0/],
    ["a fractional maxRetries", { auth: digest, maxRetries: 1.5 }, "maxRetries", /integer/],
    [
      "a user agent with a line break",
      { auth: digest, userAgent: "me\nX: y" },
      "userAgent",
      /printable ASCII/,
    ],
    ["a fetch that is not a function", { auth: digest, fetch: "fetch" as never }, "fetch", /function/],
  ])("%s", (_name, options, option, message) => {
    const error = configurationError(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("private-key-value");
    expect(error.message).not.toContain("pass-in-url");
  });

  test("http:// is fine to loopback, and to any host with allowInsecureHttp", () => {
    for (const baseUrl of ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"])
      expect(createAtlasClient({ auth: digest, baseUrl }).baseUrl).toBe(baseUrl);
    expect(
      createAtlasClient({ auth: digest, baseUrl: "http://atlas.internal", allowInsecureHttp: true }).baseUrl,
    ).toBe("http://atlas.internal");
  });

  test("the commercial and government clouds, with trailing slashes removed", () => {
    expect(createAtlasClient({ auth: digest }).baseUrl).toBe("https://cloud.mongodb.com");
    expect(createAtlasClient({ auth: digest, baseUrl: "https://cloud.mongodbgov.com/" }).baseUrl).toBe(
      "https://cloud.mongodbgov.com",
    );
  });
});

describe("credentials from the environment, as the Atlas CLI and Terraform read them", () => {
  test("a service account wins over API keys", async () => {
    const requests: string[] = [];
    const client = createAtlasClient({
      env: {
        MONGODB_ATLAS_CLIENT_ID: "id-from-env",
        MONGODB_ATLAS_CLIENT_SECRET: "secret-in-env-1234",
        MONGODB_ATLAS_PUBLIC_API_KEY: "pub",
        MONGODB_ATLAS_PRIVATE_API_KEY: "private-in-env-5678",
      },
      fetch: async (input) => {
        requests.push(String(input));
        return new Response(JSON.stringify({ access_token: "t-123456", expires_in: 60 }), { status: 200 });
      },
    });
    registerSecrets("t-123456");
    await client.GET("/api/atlas/v2/groups/{groupId}/peers", {
      params: { path: { groupId: "5356823b3794dee37132bb7b" } },
    });
    expect(requests[0]).toBe("https://cloud.mongodb.com/api/oauth/token");
  });

  test("API keys when no service account is set", () => {
    expect(() =>
      createAtlasClient({
        env: { MONGODB_ATLAS_PUBLIC_API_KEY: "pub", MONGODB_ATLAS_PRIVATE_API_KEY: "private-in-env-5678" },
      }),
    ).not.toThrow();
  });

  test.each([
    [{ MONGODB_ATLAS_CLIENT_ID: "id" }, "MONGODB_ATLAS_CLIENT_SECRET"],
    [{ MONGODB_ATLAS_CLIENT_SECRET: "secret-in-env-1234" }, "MONGODB_ATLAS_CLIENT_ID"],
    [{ MONGODB_ATLAS_PUBLIC_API_KEY: "pub" }, "MONGODB_ATLAS_PRIVATE_API_KEY"],
    [{ MONGODB_ATLAS_PRIVATE_API_KEY: "private-in-env-5678" }, "MONGODB_ATLAS_PUBLIC_API_KEY"],
    [{}, "auth"],
  ])("half-given or missing: %j names %s", (env, option) => {
    const error = configurationError({ env });
    expect(error.option).toBe(option);
  });
});
