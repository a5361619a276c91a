import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AtlasConfigurationError, createAtlasClient, type AtlasWarning } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { createFileTokenStore } from "../../src/token-store/file/index.js";
import { renewLockFile, tryLockFile, unlockFile } from "../../src/token-store/file/lock-file.js";
import { RecordSeal } from "../../src/token-store/sealed-record.js";
import { storeSlot } from "../../src/token-store/store-slot.js";
import { clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";
import { auditDirectory } from "./store-audit.js";

let directory: string;
let atlas: MockAtlas | undefined;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "atlas-token-store-"));
});
afterEach(async () => {
  await atlas?.close();
  atlas = undefined;
  if (existsSync(directory)) auditDirectory(directory);
  rmSync(directory, { recursive: true, force: true });
});

/** A client of the local Atlas whose tokens live in `store` (a new store is a new process's view). */
function storeClient(
  store = createFileTokenStore({ directory: join(directory, "tokens") }),
  warnings: AtlasWarning[] = [],
) {
  const { clientId, clientSecret } = atlas!.credentials;
  return clientFor(atlas!, "serviceAccount", {
    auth: { type: "serviceAccount", clientId, clientSecret, tokenStore: store },
    onWarning: (warning) => void warnings.push(recordProduced(warning)),
  });
}

function tokenFile(): string {
  return join(
    directory,
    "tokens",
    `${storeSlot({ baseUrl: atlas!.url, clientId: atlas!.credentials.clientId })}.token`,
  );
}

/** Registers the token the store holds now with the secret audit, and returns it. */
async function storedToken(): Promise<string | undefined> {
  const store = createFileTokenStore({ directory: join(directory, "tokens") });
  const { clientId, clientSecret } = atlas!.credentials;
  const token = await store.bind({ clientId, clientSecret, baseUrl: atlas!.url, warn: () => {} }).peek();
  registerSecrets(token?.accessToken);
  return token?.accessToken;
}

describe("the file token store", () => {
  test("a process that starts finds the token an earlier one left: one token request for both", async () => {
    atlas = await startTestAtlas();
    await storeClient().peers.list(atlas.credentials.groupId).next();
    expect(await storedToken()).toBeDefined();
    await storeClient().peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
  });

  test("the directory is created 0700 and the token file 0600, replaced atomically (nothing left beside it)", async () => {
    atlas = await startTestAtlas();
    await storeClient().peers.list(atlas.credentials.groupId).next();
    expect(statSync(join(directory, "tokens")).mode & 0o777).toBe(0o700);
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(directory, "tokens"))).toEqual([
      `${storeSlot({ baseUrl: atlas.url, clientId: atlas.credentials.clientId })}.token`,
    ]);
    const sealed = readFileSync(tokenFile(), "utf8");
    expect(sealed).toMatch(/^apc1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain((await storedToken())!);
  });

  test.each([
    ["garbage", () => "not a token at all"],
    ["an empty file", () => ""],
    ["a huge file", () => "x".repeat(1024 * 1024)],
    [
      "a tampered entry",
      (sealed: string) => sealed.slice(0, 30) + (sealed[30] === "A" ? "B" : "A") + sealed.slice(31),
    ],
    [
      "an entry of another service account",
      () =>
        new RecordSeal({
          clientId: "mdb_sa_id_other",
          clientSecret: "other-secret-123456",
          baseUrl: atlas!.url,
        }).seal("token", '{"t":"foreign-token-123456","e":9e12,"r":9e12}'),
    ],
    [
      "an entry for another Atlas (the government cloud)",
      () =>
        new RecordSeal({ ...atlas!.credentials, baseUrl: "https://cloud.mongodbgov.com" }).seal(
          "token",
          '{"t":"gov-cloud-token-123456","e":9e12,"r":9e12}',
        ),
    ],
  ])("%s in the token file is ignored and replaced, with no error or warning", async (_name, corrupt) => {
    atlas = await startTestAtlas();
    await storeClient().peers.list(atlas.credentials.groupId).next();
    const before = await storedToken();
    writeFileSync(tokenFile(), corrupt(readFileSync(tokenFile(), "utf8")));
    const warnings: AtlasWarning[] = [];
    await storeClient(undefined, warnings).peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(2);
    const after = await storedToken();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(warnings).toEqual([]);
  });

  test("close() leaves the shared token alone; revokeToken() revokes it and the fleet fetches one more", async () => {
    atlas = await startTestAtlas();
    const [first, second] = [storeClient(), storeClient()];
    await first.peers.list(atlas.credentials.groupId).next();
    await second.peers.list(atlas.credentials.groupId).next();
    await first.close();
    expect(atlas.state.oauth.revoked).toBe(0);
    await second.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);

    const third = storeClient();
    await third.revokeToken();
    expect(atlas.state.oauth.revoked).toBe(1);
    expect(await storedToken()).toBeUndefined();
    // The second client still holds the revoked token: one 401, then the fleet's new token.
    await second.peers.list(atlas.credentials.groupId).next();
    await third.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(2);
    expect(atlas.requests.filter((request) => request.status === 401)).toHaveLength(1);
  });

  test("a 401 with a token the fleet has already replaced does not make it fetch again", async () => {
    atlas = await startTestAtlas();
    const clients = [storeClient(), storeClient(), storeClient()];
    for (const client of clients) await client.peers.list(atlas.credentials.groupId).next();
    atlas.state.oauth.expireAll();
    for (const client of clients) await client.peers.list(atlas.credentials.groupId).next();
    // Each client met one 401 with the old token; the first replaced it, the others took the new one.
    expect(atlas.state.oauth.issued).toBe(2);
    expect(atlas.requests.filter((request) => request.status === 401)).toHaveLength(3);
  });

  test("a directory that cannot be used is a warning, not a failure: the client asks Atlas itself", async () => {
    atlas = await startTestAtlas();
    writeFileSync(join(directory, "a-file"), "");
    const warnings: AtlasWarning[] = [];
    const client = storeClient(
      createFileTokenStore({ directory: join(directory, "a-file", "tokens") }),
      warnings,
    );
    await client.peers.list(atlas.credentials.groupId).next();
    await client.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
    expect(warnings).toEqual([
      {
        code: "ATLAS_TOKEN_STORE_UNAVAILABLE",
        message:
          "The shared token store (file) failed: ENOTDIR. This process asks Atlas for its own tokens until the store works again.",
      },
    ]);
  });

  test("bad options are an AtlasConfigurationError naming the option", () => {
    const attempts: Array<[unknown, string]> = [
      [{ directory: 42 }, "directory: must be a non-empty path"],
      [{ directory: " " }, "directory: must be a non-empty path"],
      [{ lockMs: 10 }, "lockMs: must be an integer from 300 to 600000 (milliseconds)"],
      [{ lockMs: 1.5e3 + 0.5 }, "lockMs: must be an integer from 300 to 600000 (milliseconds)"],
      ["/tmp", "options: must be an object"],
    ];
    for (const [options, message] of attempts) {
      const attempt = () => createFileTokenStore(options as never);
      expect(attempt).toThrow(AtlasConfigurationError);
      expect(attempt).toThrow(message);
    }
  });

  test("the client refuses a tokenStore with tokenCache or revokeOnClose: true, or one that is not a store", () => {
    const store = createFileTokenStore({ directory });
    const auth = { type: "serviceAccount", clientId: "id", clientSecret: "secret-abcdef" } as const;
    for (const [extra, message] of [
      [
        { revokeOnClose: true },
        /^auth\.tokenStore: is shared by processes: its tokens are not revoked at close/,
      ],
      [
        { tokenCache: { get() {}, set() {}, delete() {} } },
        /^auth\.tokenCache: cannot be combined with tokenStore/,
      ],
      [{ tokenStore: {} }, /^auth\.tokenStore: must be a token store/],
    ] as const) {
      const attempt = () => createAtlasClient({ auth: { ...auth, tokenStore: store, ...extra } as never });
      expect(attempt).toThrow(AtlasConfigurationError);
      expect(attempt).toThrow(message);
    }
  });

  test("the default directory is under $XDG_CACHE_HOME", async () => {
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = directory;
    try {
      atlas = await startTestAtlas();
      await storeClient(createFileTokenStore()).peers.list(atlas.credentials.groupId).next();
      expect(readdirSync(join(directory, "atlas-peering-client", "tokens"))).toHaveLength(1);
      auditDirectory(join(directory, "atlas-peering-client", "tokens"));
    } finally {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    }
  });
});

describe("the lock file", () => {
  test("one owner at a time; a fresh lock is never taken over; only its owner renews or releases it", async () => {
    const lock = join(directory, "slot.lock");
    expect(await tryLockFile(lock, "owner-a", 60_000)).toBe(true);
    expect(await tryLockFile(lock, "owner-b", 60_000)).toBe(false);
    expect(await renewLockFile(lock, "owner-b")).toBe(false);
    await unlockFile(lock, "owner-b");
    expect(readFileSync(lock, "utf8")).toBe("owner-a");
    expect(statSync(lock).mode & 0o777).toBe(0o600);
    expect(await renewLockFile(lock, "owner-a")).toBe(true);
    await unlockFile(lock, "owner-a");
    expect(existsSync(lock)).toBe(false);
    expect(await tryLockFile(lock, "owner-b", 60_000)).toBe(true);
  });

  test("a lock its owner stopped touching (a process that died) is taken over by exactly one process", async () => {
    const lock = join(directory, "slot.lock");
    expect(await tryLockFile(lock, "dead-owner", 60_000)).toBe(true);
    const old = new Date(Date.now() - 10_000);
    const { utimesSync } = await import("node:fs");
    utimesSync(lock, old, old);
    const contenders = await Promise.all(
      Array.from({ length: 12 }, (_, index) => tryLockFile(lock, `contender-${index}`, 5_000)),
    );
    expect(contenders.filter(Boolean)).toHaveLength(1);
    expect(readFileSync(lock, "utf8")).toBe(`contender-${contenders.indexOf(true)}`);
    // The dead owner, should it wake, can neither renew nor release the new holder's lock.
    expect(await renewLockFile(lock, "dead-owner")).toBe(false);
    await unlockFile(lock, "dead-owner");
    expect(readFileSync(lock, "utf8")).toBe(`contender-${contenders.indexOf(true)}`);
    expect(readdirSync(directory)).toEqual(["slot.lock"]);
  });
});

describe("whatever sits at a store's paths, a call ends, and with one token request", () => {
  // Found by an independent review: a lock touched "in the future" (the clock stepped back) or a
  // dangling symbolic link at the lock path was waited for forever; a FIFO at the token path
  // blocked the process, /dev/zero was read until memory ran out.
  const slotPath = (kind: "token" | "lock") =>
    join(
      directory,
      "tokens",
      `${storeSlot({ baseUrl: atlas!.url, clientId: atlas!.credentials.clientId })}.${kind}`,
    );
  const plant = async (kind: "token" | "lock", what: string) => {
    const { mkdirSync, symlinkSync, utimesSync } = await import("node:fs");
    const { execFileSync } = await import("node:child_process");
    mkdirSync(join(directory, "tokens"), { recursive: true, mode: 0o700 });
    const path = slotPath(kind);
    if (what === "a FIFO") execFileSync("mkfifo", [path]);
    if (what === "a link to /dev/zero") symlinkSync("/dev/zero", path);
    if (what === "a dangling symbolic link") symlinkSync(join(directory, "nowhere"), path);
    if (what === "a directory") mkdirSync(path);
    if (what === "a lock touched an hour from now") {
      writeFileSync(path, "someone-else");
      const later = new Date(Date.now() + 3600_000);
      utimesSync(path, later, later);
    }
  };
  test.each([
    ["token", "a FIFO"],
    ["token", "a link to /dev/zero"],
    ["token", "a directory"],
    ["lock", "a dangling symbolic link"],
    ["lock", "a lock touched an hour from now"],
    ["lock", "a directory"],
    ["lock", "a FIFO"],
  ] as const)("%s path: %s", async (kind, what) => {
    atlas = await startTestAtlas();
    await plant(kind, what);
    const store = createFileTokenStore({ directory: join(directory, "tokens"), lockMs: 500 });
    const warnings: AtlasWarning[] = [];
    const started = Date.now();
    await storeClient(store, warnings).peers.list(atlas.credentials.groupId).next();
    // At most the lock's lifetime (twice, with polling), never forever.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(atlas.state.oauth.issued).toBe(1);
    // Nothing is left beside the slot's files (no `.claim` directory).
    expect(readdirSync(join(directory, "tokens")).filter((name) => name.endsWith(".claim"))).toEqual([]);
  });
});

describe("a call waiting for another process's token request ends within its own limits", () => {
  /** Another process holds the fleet's token lock and never finishes (hung, not dead). */
  async function lockHeldElsewhere(): Promise<void> {
    const lock = tokenFile().replace(/\.token$/, ".lock");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(directory, "tokens"), { recursive: true, mode: 0o700 });
    expect(await tryLockFile(lock, "another-process", 60_000)).toBe(true);
  }

  test("its deadline (totalTimeoutMs): AtlasTimeoutError, and no token request of its own, then or later", async () => {
    atlas = await startTestAtlas();
    await lockHeldElsewhere();
    const started = Date.now();
    // The held lock turns stale after 500 ms: a waiter still waiting then would take it over and
    // ask Atlas. The call's deadline is 300 ms: once it has ended, nobody waits, and nobody asks.
    const store = createFileTokenStore({ directory: join(directory, "tokens"), lockMs: 500 });
    const thrown = await storeClient(store)
      .peers.get(atlas.credentials.groupId, "0123456789abcdef01234567", { totalTimeoutMs: 300 })
      .then(
        () => undefined,
        (reason: unknown) => recordProduced(reason),
      );
    expect(thrown).toMatchObject({ name: "AtlasTimeoutError" });
    expect(Date.now() - started).toBeLessThan(5_000); // not the holder's 60 s
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(atlas.state.oauth.issued).toBe(0);
    expect(atlas.requests.filter((request) => request.path.startsWith("/api/atlas/"))).toEqual([]);
  });

  test("its AbortSignal: the signal's reason, and nothing sent", async () => {
    atlas = await startTestAtlas();
    await lockHeldElsewhere();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("caller gave up")), 200);
    const thrown = await storeClient()
      .peers.get(atlas.credentials.groupId, "0123456789abcdef01234567", { signal: controller.signal })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(thrown).toMatchObject({ message: "caller gave up" });
    expect(atlas.state.oauth.issued).toBe(0);
    expect(atlas.requests.filter((request) => request.path.startsWith("/api/atlas/"))).toEqual([]);
  });
});
