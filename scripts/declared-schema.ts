// npm run schema:declared: writes schema/declared-peering.schema.json, the JSON Schema of a
// peering declaration (atlas-peering-client/declared), derived from the vendored fragment by
// src/declared/declaration/derive-schema.ts. Shipped for editors, and what the loader validates
// files with; test/declared/schema.test.ts fails when it is stale. Run it after spec:vendor.
import { readFile, writeFile } from "node:fs/promises";
import { format } from "prettier";
import { deriveDeclarationSchema } from "../src/declared/declaration/derive-schema.js";
import { runScript } from "./lib/run-script.js";
import { fromRoot } from "./spec/layout.js";

export const declaredSchemaFile = "schema/declared-peering.schema.json";

runScript("schema:declared", async () => {
  const fragment = JSON.parse(
    await readFile(fromRoot("generated/atlas-network-peering.fragment.json"), "utf8"),
  ) as unknown;
  const text = await format(JSON.stringify(deriveDeclarationSchema(fragment)), {
    parser: "json",
    printWidth: 110,
  });
  await writeFile(fromRoot(declaredSchemaFile), text);
  console.log(`schema:declared: ${declaredSchemaFile} written (${Buffer.byteLength(text)} bytes)`);
});
