import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { fromRoot, pipelineFiles, pipelineSelection } from "../../scripts/spec/layout.js";
import type { OpenApiDocument } from "../../scripts/spec/openapi-document.js";
import { toYaml } from "../../scripts/spec/to-yaml.js";

/** An upstream document as tests edit it: any shape. */
export type UpstreamObject = OpenApiDocument & { paths: Record<string, Record<string, any>> } & Record<
    string,
    any
  >;

/**
 * A small upstream document: the committed cut (which reproduces itself when vendored), plus one
 * deprecated operation for each `operation: METHOD /path` exclusion of spec/selection.yaml, which
 * no cut holds (answering in the cut's API version, as upstream's do). Without them every
 * exclusion would match nothing, which spec:vendor refuses; with them the cut of this document is
 * the committed cut again. The added path comes last, so the text edits tests make to the committed
 * cut (first match) find the same text here.
 *
 * `edit` changes the document before it is written; `mongoOrder` writes its top-level keys sorted,
 * as MongoDB's documents have them (components first, then info, openapi, paths, security, servers).
 */
export function smallUpstream({
  edit,
  mongoOrder = false,
}: { edit?: (document: UpstreamObject) => void; mongoOrder?: boolean } = {}): string {
  const cutText = readFileSync(fromRoot(pipelineFiles.upstreamCut), "utf8");
  const document = parse(cutText) as UpstreamObject;
  const mediaType = /application\/vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json/.exec(cutText)![0];
  const tags = [
    ...new Set(pipelineSelection().include.flatMap((matcher) => ("tag" in matcher ? [matcher.tag] : []))),
  ];
  for (const matcher of pipelineSelection().exclude) {
    if (!("operation" in matcher)) continue;
    const [method, path] = matcher.operation.split(" ") as [string, string];
    const item = (document.paths[path] ??= {});
    item[method.toLowerCase()] = {
      deprecated: true,
      description: `An operation spec/selection.yaml excludes (${matcher.operation}).`,
      summary: "Excluded Operation",
      operationId: `${method.toLowerCase()}ExcludedOperation`,
      parameters: [
        {
          in: "path",
          name: "groupId",
          required: true,
          schema: { type: "string", pattern: "^([a-f0-9]{24})$" },
        },
      ],
      responses: {
        "200": { description: "OK", content: { [mediaType]: { schema: { type: "object" } } } },
        "401": { description: "Unauthorized" },
      },
      tags,
    };
  }
  edit?.(document);
  return toYaml(
    mongoOrder ? Object.fromEntries(Object.entries(document).sort(([a], [b]) => (a < b ? -1 : 1))) : document,
  );
}
