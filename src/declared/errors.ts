import * as client from "atlas-peering-client";
import { AtlasError } from "atlas-peering-client";
import type { Finding } from "./plan/plan-types.js";

/**
 * Names an error class for `instanceof` across copies of the package (the ESM and CommonJS builds
 * of this entry loaded in one process), as the client's own classes do. The client registers its
 * classes with `nameErrorClass`, which its public API does not export yet; until it does, these
 * classes work with `instanceof` within one build (and `name` everywhere). Read from the namespace
 * so that this entry picks the function up, unchanged, the day it is exported.
 */
function registerErrorClass(errorClass: abstract new (...args: never[]) => AtlasError, name: string): void {
  const register = (client as unknown as { nameErrorClass?: (type: unknown, name: string) => void })
    .nameErrorClass;
  register?.(errorClass, name);
}

/**
 * A declaration that cannot be used: a file that cannot be read or parsed, or a value that does not
 * fit the declaration's JSON Schema. The message is one line naming the field at fault.
 */
export class AtlasDeclarationError extends AtlasError {
  /** Always `"AtlasDeclarationError"`. */
  override name = "AtlasDeclarationError";
  static {
    registerErrorClass(this, "AtlasDeclarationError");
  }
  /** Made by `parseDeclaration` and `loadDeclaration`; the message reads `<source>: <field>: <problem>`. */
  constructor(
    /** The field at fault, such as `peers[0].vpcId`; empty for the document as a whole. */
    readonly field: string,
    /** What is wrong with it. */
    readonly problem: string,
    /** Where the declaration came from: a file name, or `declaration`. */
    readonly source: string = "declaration",
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${field ? `${field}: ` : ""}${problem}`, options);
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
    registerErrorClass(this, "AtlasPlanStaleError");
  }
  /** Made by `applyPeering`; the message names the first differences. */
  constructor(
    /** What changed since the plan, one line each, such as `peer 5f2… was deleted`. */
    readonly differences: string[],
  ) {
    super(
      `the project changed since the plan was made (${differences.slice(0, 3).join("; ")}` +
        `${differences.length > 3 ? `; and ${differences.length - 3} more` : ""}): plan again`,
    );
  }
}

/** `applyPeering` was given a plan with error findings: nothing was sent. */
export class AtlasPlanBlockedError extends AtlasError {
  /** Always `"AtlasPlanBlockedError"`. */
  override name = "AtlasPlanBlockedError";
  static {
    registerErrorClass(this, "AtlasPlanBlockedError");
  }
  /** Made by `applyPeering`; the message names the first error finding. */
  constructor(
    /** The plan's error findings. */
    readonly findings: Finding[],
  ) {
    super(
      `the plan has ${findings.length} error finding${findings.length === 1 ? "" : "s"} ` +
        `(${findings[0]?.code}: ${findings[0]?.message}): nothing was applied`,
    );
  }
}

/** `applyPeering` reached its deadline (`timeoutMs`, default 15 minutes): whatever it was doing stopped there. */
export class AtlasApplyDeadlineError extends AtlasError {
  /** Always `"AtlasApplyDeadlineError"`. */
  override name = "AtlasApplyDeadlineError";
  static {
    registerErrorClass(this, "AtlasApplyDeadlineError");
  }
  /** Made by `applyPeering` when its time is up; the message says how long it had. */
  constructor(
    /** The deadline that passed, in milliseconds from the start of the apply. */
    readonly timeoutMs: number,
  ) {
    super(`apply did not finish within ${Math.round(timeoutMs / 1000)} s (timeoutMs ${timeoutMs})`);
  }
}
