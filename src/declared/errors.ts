import { AtlasError, nameErrorClass } from "atlas-peering-client";
import type { Finding } from "./plan/plan-types.js";

// Every class here hands its fields to AtlasError's constructor, as the client's own do: the base
// is where error text is redacted and bounded, and a field assigned after it would bypass it.

/**
 * A declaration that cannot be used: a file that cannot be read or parsed, or a value that does not
 * fit the declaration's JSON Schema. The message is one line naming the field at fault.
 */
export class AtlasDeclarationError extends AtlasError {
  /** Always `"AtlasDeclarationError"`. */
  override name = "AtlasDeclarationError";
  static {
    nameErrorClass(this, "AtlasDeclarationError");
  }
  /** The field at fault, such as `peers[0].vpcId`; empty for the document as a whole. */
  declare readonly field: string;
  /** What is wrong with it. */
  declare readonly problem: string;
  /** Where the declaration came from: a file name, or `declaration`. */
  declare readonly source: string;
  /** Made by `parseDeclaration` and `loadDeclaration`; the message reads `<source>: <field>: <problem>`. */
  constructor(field: string, problem: string, source = "declaration", options?: { cause?: unknown }) {
    super(`${source}: ${field ? `${field}: ` : ""}${problem}`, {
      cause: options?.cause,
      fields: { field, problem, source },
    });
  }
}

/**
 * `applyPeering` was given a plan made against another state: a container or peer was created,
 * deleted or changed (ids and settings; statuses move on their own and do not count) since the
 * plan was made. Plan again.
 */
export class AtlasPlanStaleError extends AtlasError {
  /** Always `"AtlasPlanStaleError"`. */
  override name = "AtlasPlanStaleError";
  static {
    nameErrorClass(this, "AtlasPlanStaleError");
  }
  /** What changed since the plan, one line each, such as `peer 5f2… was deleted`. */
  declare readonly differences: string[];
  /** Made by `applyPeering`; the message names the first differences. */
  constructor(differences: string[]) {
    super(
      `the project changed since the plan was made (${differences.slice(0, 3).join("; ")}` +
        `${differences.length > 3 ? `; and ${differences.length - 3} more` : ""}): plan again`,
      { fields: { differences } },
    );
  }
}

/** `applyPeering` was given a plan with error findings: nothing was sent. */
export class AtlasPlanBlockedError extends AtlasError {
  /** Always `"AtlasPlanBlockedError"`. */
  override name = "AtlasPlanBlockedError";
  static {
    nameErrorClass(this, "AtlasPlanBlockedError");
  }
  /** The plan's error findings. */
  declare readonly findings: Finding[];
  /** Made by `applyPeering`; the message names the first error finding. */
  constructor(findings: Finding[]) {
    super(
      `the plan has ${findings.length} error finding${findings.length === 1 ? "" : "s"} ` +
        `(${findings[0]?.code}: ${findings[0]?.message}): nothing was applied`,
      { fields: { findings } },
    );
  }
}

/** `applyPeering` reached its deadline (`timeoutMs`, default 15 minutes): whatever it was doing stopped there. */
export class AtlasApplyDeadlineError extends AtlasError {
  /** Always `"AtlasApplyDeadlineError"`. */
  override name = "AtlasApplyDeadlineError";
  static {
    nameErrorClass(this, "AtlasApplyDeadlineError");
  }
  /** The deadline that passed, in milliseconds from the start of the apply. */
  declare readonly timeoutMs: number;
  /** Made by `applyPeering` when its time is up; the message says how long it had. */
  constructor(timeoutMs: number) {
    super(`apply did not finish within ${Math.round(timeoutMs / 1000)} s (timeoutMs ${timeoutMs})`, {
      fields: { timeoutMs },
    });
  }
}
