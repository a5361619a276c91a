// @ts-check
// A typedoc plugin (typedoc.json's `plugin`): typedoc's `notDocumented` validation for what this
// repository writes by hand, not for MongoDB's document.
//
// typedoc.json requires a doc comment on every public member. The types under generated/ are
// openapi-typescript's output: their doc comments are MongoDB's own descriptions, and where the
// OpenAPI document gives none (path items, `content`, `headers`, some schema fields), none can be
// added, since generated/ is never edited by hand. So every undocumented reflection declared in
// generated/ (the members of `paths` and `components`, and the fields that `@interface` pages such
// as `AwsPeer` take from the schemas) is added to `intentionallyNotDocumented` just before
// validation, by its full name. A reflection declared under src/ is never exempted, even when it
// shares its full name with a generated one.
import { Comment, CommentTag, Converter, ReflectionKind } from "typedoc";
import { mainEntryGroups } from "./typedoc-groups.mjs";

/** Where the generated declarations live, relative to the package root. */
const generatedFolder = "generated/";

/** @param {import("typedoc").Application} app */
export function load(app) {
  groupMainEntry(app);
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const required = app.options
      .getValue("requiredToBeDocumented")
      .reduce((kinds, name) => kinds | ReflectionKind[name], 0);
    const generated = new Set();
    const handWritten = new Set();
    for (const reflection of Object.values(project.reflections)) {
      if (!reflection.kindOf(required) || reflection.hasComment() || underParameter(reflection)) continue;
      const symbolId = project.getSymbolIdFromReflection(reflection);
      if (!symbolId) continue;
      const name = reflection.getFriendlyFullName();
      if (symbolId.packagePath.startsWith(generatedFolder)) generated.add(name);
      else handWritten.add(name);
    }
    const exempt = [...generated].filter((name) => !handWritten.has(name));
    const listed = app.options.getValue("intentionallyNotDocumented");
    app.options.setValue("intentionallyNotDocumented", [...new Set([...listed, ...exempt])]);
  });
}

/**
 * Places each export of the main entry in its sidebar group (scripts/typedoc-groups.mjs), with the
 * `@group` tag typedoc's own grouping reads (it runs after this, at the end of resolving). An
 * export the table does not place fails the build.
 * @param {import("typedoc").Application} app
 */
function groupMainEntry(app) {
  const groupOf = new Map(
    Object.entries(mainEntryGroups).flatMap(([group, names]) => names.map((name) => [name, group])),
  );
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const main = context.project.children?.find((module) => module.name === "atlas-peering-client");
    if (!main) throw new Error("typedoc-groups: no module named atlas-peering-client (its @module tag)");
    const unplaced = [];
    for (const reflection of main.children ?? []) {
      const group = groupOf.get(reflection.name);
      if (!group) {
        unplaced.push(reflection.name);
        continue;
      }
      reflection.comment ??= new Comment();
      reflection.comment.blockTags.push(new CommentTag("@group", [{ kind: "text", text: group }]));
    }
    if (unplaced.length > 0)
      throw new Error(`scripts/typedoc-groups.mjs places no group for: ${unplaced.join(", ")}`);
  });
}

/** typedoc's validation never asks for comments inside a parameter's type; neither does this. */
function underParameter(/** @type {import("typedoc").Reflection} */ reflection) {
  for (let parent = reflection.parent; parent; parent = parent.parent)
    if (parent.kindOf(ReflectionKind.Parameter)) return true;
  return false;
}
