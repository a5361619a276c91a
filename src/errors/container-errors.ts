import { AtlasError, nameErrorClass } from "./atlas-error.js";

/**
 * `containers.ensure` found the project's container for that provider and region, but it differs
 * from what was asked (another CIDR block, GCP regions it lacks). Atlas allows one such container,
 * so the client neither creates a second one nor changes the existing one behind the caller's back:
 * update it with `containers.update`, or ask for what it has.
 */
export class AtlasContainerMismatchError extends AtlasError {
  /** Always `"AtlasContainerMismatchError"`, whichever copy of the package made the error. */
  override name = "AtlasContainerMismatchError";
  static {
    nameErrorClass(this, "AtlasContainerMismatchError");
  }
  /** The existing container's id. */
  declare readonly containerId: string;
  /** The field that differs: `atlasCidrBlock` or `regions`. */
  declare readonly field: "atlasCidrBlock" | "regions";
  /** What the existing container has. */
  declare readonly existing: string;
  /** What was asked for. */
  declare readonly requested: string;

  /**
   * Made by `containers.ensure`; exported so that a test can stand in for a mismatch. The message
   * names both values and says what to do. `where` says which container: `AWS US_EAST_1`,
   * `AZURE US_EAST_2`, `GCP`.
   */
  constructor(
    containerId: string,
    field: "atlasCidrBlock" | "regions",
    existing: string,
    requested: string,
    where: string,
  ) {
    super(
      `the ${where} container ${containerId} has ${field} ${existing}, not ${requested} as asked; ` +
        "update it with containers.update, or ask for what it has",
      { fields: { containerId, field, existing, requested } },
    );
  }
}
