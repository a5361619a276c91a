import { fragmentApiVersions } from "../../../src/testing/api-versions.js";
import { isPlainObject, own, type OpenApiDocument } from "../openapi-document.js";
import { helperDeprecations } from "./deprecated-helpers.js";
import {
  fragmentOperations,
  parametersOf,
  securityOf,
  serversOf,
  versionsOf,
  type FragmentOperationObject,
} from "./fragment-reading.js";
import type { HandWrittenFacts } from "./hand-written-facts.js";

/** What a fact's check reads: the fragment as the types are generated from it (fix-ups applied), and the facts. */
export interface FactContext {
  fragment: OpenApiDocument;
  operations: FragmentOperationObject[];
  facts: HandWrittenFacts;
}

/**
 * A fact src/ copies from the spec and keeps in src/spec-facts.ts: compared with the fragment at
 * every vendoring, diff and freshness check; a disagreement stops the step with one line naming
 * the fact (scripts/spec/facts/check-spec-facts.ts).
 */
export interface CheckedFact {
  kind: "checked";
  /** Its name in src/spec-facts.ts (or the spec pipeline guide's table). */
  name: string;
  /** The code that relies on it. */
  usedBy: string;
  /** Each way the fragment disagrees with the fact, one sentence each; none when they agree. */
  check(context: FactContext): string[];
}

/**
 * A fact src/ computes from the vendored fragment at run time, with the function given here: it
 * follows upstream by itself, and the change report rates a change of its values (values gone:
 * major; values added: minor).
 */
export interface DerivedFact {
  kind: "derived";
  name: string;
  usedBy: string;
  derive(fragment: OpenApiDocument): string[];
}

export type SpecFact = CheckedFact | DerivedFact;

/**
 * The facts the hand-written client takes from the spec, one row each. The spec pipeline guide's (guide/spec-pipeline.md) "Spec facts"
 * table lists the same rows (test/spec/spec-facts.test.ts holds them to it); a new fact is a
 * value in src/spec-facts.ts, a row here and a row there.
 */
export const specFactTable: readonly SpecFact[] = [
  {
    kind: "checked",
    name: "atlasIdPattern",
    usedBy: "src/client/atlas-id.ts (ids are checked before they are sent)",
    check: ({ fragment, operations, facts }) =>
      operations.flatMap((operation) =>
        parametersOf(fragment, operation)
          .filter((parameter) => own(parameter, "in") === "path")
          .flatMap((parameter) => {
            const pattern = own(own(parameter, "schema"), "pattern");
            if (pattern === facts.atlasIdPattern) return [];
            const name = String(own(parameter, "name"));
            return [
              `${operation.name}: the path parameter ${name} has the pattern ${show(pattern)}, not ${facts.atlasIdPattern}`,
            ];
          }),
      ),
  },
  {
    kind: "checked",
    name: "defaultApiVersion",
    usedBy: "src/client/resolve-options.ts (the Accept header every call sends by default)",
    check: ({ fragment, operations, facts }) =>
      operations.flatMap((operation) => {
        const versions = versionsOf(fragment, operation);
        if (versions.some((version) => version <= facts.defaultApiVersion)) return [];
        return [
          `${facts.defaultApiVersion} resolves to no version of ${operation.name} (${
            versions.length > 0
              ? `its versions: ${versions.join(", ")}`
              : "it has no application/vnd.atlas.<date>+json media type"
          })`,
        ];
      }),
  },
  {
    kind: "checked",
    name: "authSchemes",
    usedBy: "src/auth/create-authenticator.ts (the auth modes the client offers)",
    check: ({ fragment, operations, facts }) =>
      Object.entries(facts.authSchemes).flatMap(([mode, scheme]) => {
        const declared = own(own(fragment.components, "securitySchemes"), scheme);
        if (!isPlainObject(declared))
          return [
            `auth mode ${mode} needs the security scheme ${scheme}, which the fragment does not declare`,
          ];
        const kind = new Map<string, SchemeKind>(Object.entries(schemeKinds)).get(mode);
        if (!kind)
          return [
            `auth mode ${mode} has no kind of security scheme in scripts/spec/facts/fact-table.ts (schemeKinds): add it`,
          ];
        if (!kind.matches(declared))
          return [`auth mode ${mode} needs ${scheme} to be ${kind.described}, and it is ${show(declared)}`];
        return operations
          .filter(
            (operation) =>
              !securityOf(fragment, operation).some((requirement) => own(requirement, scheme) !== undefined),
          )
          .map((operation) => `${operation.name} does not accept ${scheme}, which auth mode ${mode} sends`);
      }),
  },
  {
    kind: "checked",
    name: "defaultBaseUrl",
    usedBy: "src/client/resolve-options.ts (where calls go by default)",
    check: ({ fragment, operations, facts }) =>
      operations
        .filter((operation) => !serversOf(fragment, operation).includes(facts.defaultBaseUrl))
        .map(
          (operation) =>
            `${facts.defaultBaseUrl} is not among the servers of ${operation.name} (${serversOf(fragment, operation).join(", ") || "none"})`,
        ),
  },
  {
    kind: "checked",
    name: "tokenPath",
    usedBy: "src/auth/service-account-authenticator.ts (where a service account's tokens come from)",
    check: ({ fragment, facts }) => {
      const tokenUrl = serviceAccountTokenUrl(fragment, facts);
      const expected = new URL(facts.tokenPath, facts.defaultBaseUrl).href;
      return tokenUrl === expected
        ? []
        : [`the ${facts.authSchemes.serviceAccount} flow's tokenUrl is ${show(tokenUrl)}, not ${expected}`];
    },
  },
  {
    kind: "checked",
    name: "revokePath",
    usedBy: "src/auth/service-account-authenticator.ts (where a service account's tokens are revoked)",
    // The spec names no revocation endpoint (OpenAPI 3.0's OAuth flows have no such field): what
    // can be held to it is that the revoke path sits beside the token URL, on the same server.
    check: ({ fragment, facts }) => {
      const tokenUrl = serviceAccountTokenUrl(fragment, facts);
      if (typeof tokenUrl !== "string" || !URL.canParse(tokenUrl)) return [];
      const token = new URL(tokenUrl);
      const revoke = new URL(facts.revokePath, token);
      const directory = (url: URL) => url.pathname.replace(/[^/]*$/, "");
      return revoke.origin === token.origin && directory(revoke) === directory(token)
        ? []
        : [
            `${facts.revokePath} is not beside the ${facts.authSchemes.serviceAccount} flow's tokenUrl ${tokenUrl}`,
          ];
    },
  },
  {
    kind: "checked",
    name: "requiredAnswerFields",
    usedBy: "src/types.ts (answer fields made required by hand)",
    check: ({ fragment, facts }) =>
      Object.entries(facts.requiredAnswerFields).flatMap(([schema, fields]) => {
        const declared = own(own(fragment.components, "schemas"), schema);
        if (!isPlainObject(declared)) return [`the schema ${schema} is not in the fragment`];
        const properties = own(declared, "properties");
        return fields
          .filter((field) => !isPlainObject(own(properties, field)))
          .map((field) => `${schema} has no property ${field}`);
      }),
  },
  {
    kind: "checked",
    name: "operationHelpers",
    usedBy:
      "src/peers/peers-api.ts, src/containers/containers-api.ts (the client's helper over each operation)",
    check: ({ operations, facts }) => {
      const helpers = new Map<string, string>(Object.entries(facts.operationHelpers));
      const labels = new Set(operations.map((operation) => operation.label));
      const missing = [...helpers.keys()]
        .filter((label) => !labels.has(label))
        .map((label) => `${label} (the operation of client.${helpers.get(label)}) is not in the fragment`);
      const deprecated = operations.filter(
        (operation) => own(operation.operation, "deprecated") === true && helpers.has(operation.label),
      );
      if (deprecated.length === 0) return missing;
      // Only now is src/ compiled: a deprecation is rare, and the check costs a TypeScript program.
      const marked = helperDeprecations(deprecated.map((operation) => helpers.get(operation.label)!));
      return [
        ...missing,
        ...deprecated.flatMap((operation) => {
          const helper = helpers.get(operation.label)!;
          const state = marked.get(helper);
          if (state === "deprecated") return [];
          return state === "missing"
            ? [`client.${helper}, the helper over ${operation.name}, does not exist`]
            : [
                `${operation.name} is deprecated upstream: mark its helper client.${helper} @deprecated in its doc comment`,
              ];
        }),
      ];
    },
  },
  {
    kind: "derived",
    name: "localAtlasVersions",
    usedBy: "src/testing/api-versions.ts (the versions the local Atlas serves and answers in)",
    derive: (fragment) => fragmentApiVersions(fragment),
  },
];

interface SchemeKind {
  described: string;
  matches: (scheme: Record<string, unknown>) => boolean;
}

/** What each auth mode needs its security scheme to be. */
const schemeKinds: Record<string, SchemeKind> = {
  digest: {
    described: "HTTP digest (type http, scheme digest)",
    matches: (scheme: Record<string, unknown>) =>
      own(scheme, "type") === "http" && String(own(scheme, "scheme")).toLowerCase() === "digest",
  },
  serviceAccount: {
    described: "OAuth 2.0 client credentials (type oauth2, flows.clientCredentials)",
    matches: (scheme: Record<string, unknown>) =>
      own(scheme, "type") === "oauth2" && isPlainObject(own(own(scheme, "flows"), "clientCredentials")),
  },
  bearer: {
    described: "one that takes bearer tokens (OAuth 2.0, or type http with scheme bearer)",
    matches: (scheme: Record<string, unknown>) =>
      own(scheme, "type") === "oauth2" ||
      (own(scheme, "type") === "http" && String(own(scheme, "scheme")).toLowerCase() === "bearer"),
  },
};

function serviceAccountTokenUrl(fragment: OpenApiDocument, facts: HandWrittenFacts): unknown {
  const scheme = own(own(fragment.components, "securitySchemes"), facts.authSchemes.serviceAccount);
  return own(own(own(scheme, "flows"), "clientCredentials"), "tokenUrl");
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
