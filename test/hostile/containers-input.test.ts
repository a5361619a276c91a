import { describe, expect, test } from "vitest";
import { AtlasInvalidRequestError, createAtlasClient } from "../../src/index.js";
import { ids } from "../helpers/atlas-fixtures.js";
import { recordProduced } from "../helpers/secret-audit.js";

// The container helpers take the same hostile input as the peers helpers, and refuse it the same
// way: a typed error naming the parameter, nothing sent. `all` matters most: it is a path segment
// of its own (`/containers/all`), so it must never pass for a container id.
describe("hostile input to the container helpers: refused before anything is sent", () => {
  const sent: string[] = [];
  const client = createAtlasClient({
    baseUrl: "https://cloud.mongodb.com",
    auth: { type: "bearer", token: "containers-hostile-token" },
    fetch: async (url) => (sent.push(String(url)), new Response("{}")),
  });
  const aws = { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" } as const;
  const table: Array<[string, () => Promise<unknown>, string]> = [
    [
      "containerId 'all' (another operation's path)",
      () => client.containers.get(ids.groupId, "all"),
      "containerId",
    ],
    [
      "containerId with /",
      () => client.containers.delete(ids.groupId, "32b6e34b3d91/47abb20e7b8"),
      "containerId",
    ],
    ["containerId ..", () => client.containers.update(ids.groupId, "..", aws), "containerId"],
    [
      "containerId upper case",
      () => client.containers.get(ids.groupId, "32B6E34B3D91647ABB20E7B8"),
      "containerId",
    ],
    ["containerId not a string", () => client.containers.get(ids.groupId, 7 as never), "containerId"],
    [
      "groupId with %2F in ensure",
      () => client.containers.ensure("5356823b3794%2Fee37132bb7b", aws),
      "groupId",
    ],
    ["groupId in listAll", () => client.containers.listAll("x").next(), "groupId"],
    [
      "itemsPerPage 501 in list",
      () => client.containers.list(ids.groupId, { itemsPerPage: 501 }).next(),
      "itemsPerPage",
    ],
    ["a null ensure body", () => client.containers.ensure(ids.groupId, null as never), "body"],
    ["an array as create body", () => client.containers.create(ids.groupId, [] as never), "body"],
  ];
  test.each(table)("%s", async (_name, run, parameter) => {
    const error = await run().then(
      () => undefined,
      (thrown: unknown) => recordProduced(thrown),
    );
    expect(error).toBeInstanceOf(AtlasInvalidRequestError);
    expect(error).toMatchObject({ parameter });
    expect(sent).toEqual([]);
  });
});
