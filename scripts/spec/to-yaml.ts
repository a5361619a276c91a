import { stringify } from "yaml";

/**
 * Serializes a fragment deterministically (same object, same bytes): keys in the order they came,
 * no line folding. Strings are written with YAML 1.1 rules, which quote anything that a YAML 1.1
 * reader (js-yaml, which many OpenAPI tools use) would take for a date, a number or a boolean:
 * `x-xgen-version: "2023-01-01"` must stay a string for every reader.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { version: "1.1", lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}
