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
import { Converter, ReflectionKind } from "typedoc";

/** Where the generated declarations live, relative to the package root. */
const generatedFolder = "generated/";

/** @param {import("typedoc").Application} app */
export function load(app) {
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

/** typedoc's validation never asks for comments inside a parameter's type; neither does this. */
function underParameter(/** @type {import("typedoc").Reflection} */ reflection) {
  for (let parent = reflection.parent; parent; parent = parent.parent)
    if (parent.kindOf(ReflectionKind.Parameter)) return true;
  return false;
}
