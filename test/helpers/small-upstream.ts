import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { fromRoot, pipelineFiles, pipelineSelection } from "../../scripts/spec/layout.js";
import type { OpenApiDocument } from "../../scripts/spec/openapi-document.js";
import { toYaml } from "../../scripts/spec/to-yaml.js";

/**
 * A small upstream document: the committed cut (which reproduces itself when vendored), plus one
 * deprecated operation for each `operation: METHOD /path` exclusion of spec/selection.yaml, which
 * no cut holds. Without them every exclusion would match nothing, which spec:vendor refuses; with
 * them the cut of this document is the committed cut again. The added path comes last, so the
 * text edits tests make to the committed cut (first match) find the same text here.
 */
export function smallUpstream(): string {
  const document = parse(readFileSync(fromRoot(pipelineFiles.upstreamCut), "utf8")) as OpenApiDocument;
  const tags = [
    ...new Set(pipelineSelection().include.flatMap((matcher) => ("tag" in matcher ? [matcher.tag] : []))),
  ];
  for (const matcher of pipelineSelection().exclude) {
    if (!("operation" in matcher)) continue;
    const [method, path] = matcher.operation.split(" ") as [string, string];
    const item = (document.paths[path] ??= {});
    item[method.toLowerCase()] = {
      deprecated: true,
      operationId: `excluded${Object.keys(document.paths).length}${method}`,
      parameters: [
        {
          in: "path",
          name: "groupId",
          required: true,
          schema: { type: "string", pattern: "^([a-f0-9]{24})$" },
        },
      ],
      responses: { "200": { description: "OK" } },
      tags,
    };
  }
  return toYaml(document);
}
