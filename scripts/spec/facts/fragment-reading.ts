import { isPlainObject, own, type OpenApiDocument } from "../openapi-document.js";
import { httpMethods, operationLabel } from "../selection.js";

/** One operation of a fragment, with what a fact needs to read of it. */
export interface FragmentOperationObject {
  /** `GET /api/atlas/v2/groups/{groupId}/peers (listGroupPeers)`, as a fact's message names it. */
  name: string;
  /** `GET /api/atlas/v2/groups/{groupId}/peers`, as spec/SOURCE.json and src/spec-facts.ts key it. */
  label: string;
  operation: Record<string, unknown>;
  pathItem: Record<string, unknown>;
}

/** Every operation of a fragment, in document order. */
export function fragmentOperations(fragment: OpenApiDocument): FragmentOperationObject[] {
  return Object.keys(fragment.paths).flatMap((path) => {
    const item = own(fragment.paths, path);
    if (!isPlainObject(item)) return [];
    return Object.keys(item)
      .filter((method) => httpMethods.has(method) && isPlainObject(own(item, method)))
      .map((method) => {
        const operation = own(item, method) as Record<string, unknown>;
        const label = operationLabel({ method, path });
        return {
          name: `${label} (${String(own(operation, "operationId"))})`,
          label,
          operation,
          pathItem: item,
        };
      });
  });
}

/** A local `$ref` followed (own properties only), or the value itself when it is not one. */
export function resolved(fragment: OpenApiDocument, value: unknown): unknown {
  const seen = new Set<string>();
  let current = value;
  for (;;) {
    const ref = own(current, "$ref");
    if (typeof ref !== "string" || !ref.startsWith("#/") || seen.has(ref)) return current;
    seen.add(ref);
    current = ref
      .slice(2)
      .split("/")
      .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, token) => own(node, token), fragment);
  }
}

/** The parameters of an operation: its path item's and its own, resolved. */
export function parametersOf(fragment: OpenApiDocument, operation: FragmentOperationObject): unknown[] {
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  return [
    ...list(own(operation.pathItem, "parameters")),
    ...list(own(operation.operation, "parameters")),
  ].map((parameter) => resolved(fragment, parameter));
}

/** The security requirements that apply to an operation: its own, else the document's. */
export function securityOf(fragment: OpenApiDocument, operation: FragmentOperationObject): unknown[] {
  const operationSecurity = own(operation.operation, "security");
  if (Array.isArray(operationSecurity)) return operationSecurity;
  const document = own(fragment, "security");
  return Array.isArray(document) ? document : [];
}

/** The servers an operation is sent to: its own, else its path item's, else the document's. */
export function serversOf(fragment: OpenApiDocument, operation: FragmentOperationObject): string[] {
  for (const holder of [operation.operation, operation.pathItem, fragment]) {
    const servers = own(holder, "servers");
    if (Array.isArray(servers)) return servers.map((server) => String(own(server, "url")));
  }
  return [];
}

const versionedMediaType = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;

/**
 * The API versions an operation has: the dates of the `application/vnd.atlas.<date>+json` media
 * types of its request body and its successful answers, sorted.
 */
export function versionsOf(fragment: OpenApiDocument, operation: FragmentOperationObject): string[] {
  const contents = [own(resolved(fragment, own(operation.operation, "requestBody")), "content")];
  const responses = own(operation.operation, "responses");
  for (const status of isPlainObject(responses) ? Object.keys(responses) : [])
    if (/^2\d\d$/.test(status)) contents.push(own(resolved(fragment, own(responses, status)), "content"));
  const dates = contents.flatMap((content) =>
    isPlainObject(content)
      ? Object.keys(content).flatMap((type) => versionedMediaType.exec(type)?.[1] ?? [])
      : [],
  );
  return [...new Set(dates)].sort();
}
