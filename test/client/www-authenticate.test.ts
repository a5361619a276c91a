import { describe, expect, test } from "vitest";
import { chooseDigestChallenge } from "../../src/auth/digest/digest-authenticator.js";
import { digestAuthorization } from "../../src/auth/digest/digest-response.js";
import { parseWwwAuthenticate } from "../../src/auth/digest/www-authenticate.js";
import { AtlasAuthenticationError } from "../../src/index.js";
import { rejectionOf } from "../helpers/secret-audit.js";

describe("WWW-Authenticate parsing", () => {
  test("Atlas's challenge, as http-auth and Atlas write it", () => {
    const [challenge] = parseWwwAuthenticate(
      'Digest realm="MMS Public API", qop="auth", nonce="2dbf5b7e", algorithm="MD5", stale="false"',
    );
    expect(challenge!.scheme).toBe("Digest");
    expect(Object.fromEntries(challenge!.params)).toEqual({
      realm: "MMS Public API",
      qop: "auth",
      nonce: "2dbf5b7e",
      algorithm: "MD5",
      stale: "false",
    });
  });

  test("quoted strings keep commas and escaped quotes", () => {
    const [challenge] = parseWwwAuthenticate(
      'Digest realm="a, \\"quoted\\" realm", nonce="n,1", qop="auth,auth-int"',
    );
    expect(challenge!.params.get("realm")).toBe('a, "quoted" realm');
    expect(challenge!.params.get("nonce")).toBe("n,1");
    expect(challenge!.params.get("qop")).toBe("auth,auth-int");
  });

  test("unquoted values, and + / = of a base64 nonce with or without quotes", () => {
    const [quoted] = parseWwwAuthenticate(
      'Digest realm="r", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v+==", algorithm=SHA-256, qop=auth',
    );
    expect(quoted!.params.get("nonce")).toBe("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v+==");
    expect(quoted!.params.get("algorithm")).toBe("SHA-256");
    const [bare] = parseWwwAuthenticate("Digest realm=r, nonce=ab+c/d==, qop=auth");
    expect(bare!.params.get("nonce")).toBe("ab+c/d==");
  });

  test("several challenges in one header, token68 schemes included", () => {
    const challenges = parseWwwAuthenticate(
      'Negotiate YII=, Basic realm="x", Digest realm="r", nonce="1", algorithm=MD5, qop="auth", Digest realm="r", nonce="2", algorithm=SHA-256, qop="auth"',
    );
    expect(challenges.map((challenge) => challenge.scheme)).toEqual([
      "Negotiate",
      "Basic",
      "Digest",
      "Digest",
    ]);
    expect(challenges[0]!.token68).toBe("YII=");
    expect(challenges[3]!.params.get("nonce")).toBe("2");
  });

  test("parameter names are case-insensitive; empty list items are skipped", () => {
    const [challenge] = parseWwwAuthenticate('Digest , REALM="r",, Nonce="n" , QOP=auth');
    expect(Object.fromEntries(challenge!.params)).toEqual({ realm: "r", nonce: "n", qop: "auth" });
  });

  test.each([
    ['Digest realm="unterminated', /unterminated/],
    ['Digest realm="a", realm="b"', /appears twice/],
    ["Digest realm=a, =b", /unexpected/],
  ])("malformed: %s", (header, message) => {
    expect(() => parseWwwAuthenticate(header)).toThrow(message);
  });
});

describe("choosing a digest challenge", () => {
  test("prefers SHA-256 to MD5 when both are offered", () => {
    const chosen = chooseDigestChallenge(
      'Digest realm="r", nonce="1", algorithm=MD5, qop="auth", Digest realm="r", nonce="2", algorithm=SHA-256, qop="auth", opaque="o"',
    );
    expect(chosen).toEqual({ realm: "r", nonce: "2", algorithm: "SHA-256", stale: false, opaque: "o" });
  });

  test("MD5 is the default algorithm; stale is read", () => {
    expect(chooseDigestChallenge('Digest realm="r", nonce="1", qop="auth", stale=TRUE')).toMatchObject({
      algorithm: "MD5",
      stale: true,
    });
  });

  test.each([
    [null, /without a WWW-Authenticate challenge/],
    ['Basic realm="x"', /does not offer Digest authentication \(offered: Basic\)/],
    [
      'Digest realm="r", nonce="1", algorithm=SHA-512-256, qop="auth"',
      /algorithm SHA-512-256 is not supported/,
    ],
    ['Digest realm="r", nonce="1"', /does not offer qop=auth/],
    ['Digest realm="r", nonce="1", qop="auth-int"', /does not offer qop=auth/],
    ['Digest realm="r", qop="auth"', /no realm or no nonce/],
    ['Digest realm="r", nonce="1", qop="auth", qop="auth"', /malformed/],
  ])("refuses %s with a typed error", async (header, message) => {
    const error = await rejectionOf((async () => chooseDigestChallenge(header))());
    expect(error).toBeInstanceOf(AtlasAuthenticationError);
    expect(error.message).toMatch(message);
  });
});

describe("digest responses, checked against RFC 7616 §3.9.1", () => {
  // The RFC's worked example: same request, same nonce and cnonce, one response per algorithm.
  const example = {
    username: "Mufasa",
    password: "Circle of Life",
    method: "GET",
    uri: "/dir/index.html",
    nonceCount: 1,
    cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  };
  const challenge = {
    realm: "http-auth@example.org",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    stale: false,
  };

  test("MD5", () => {
    const header = digestAuthorization({ ...example, challenge: { ...challenge, algorithm: "MD5" } });
    expect(header).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
    expect(header).toContain("nc=00000001");
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
  });

  test("SHA-256", () => {
    const header = digestAuthorization({ ...example, challenge: { ...challenge, algorithm: "SHA-256" } });
    expect(header).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(header).toContain("algorithm=SHA-256");
  });

  test("quotes and backslashes in a username are escaped", () => {
    const header = digestAuthorization({
      ...example,
      username: 'a"b\\c',
      challenge: { ...challenge, algorithm: "MD5" },
    });
    expect(header).toContain('username="a\\"b\\\\c"');
  });
});
