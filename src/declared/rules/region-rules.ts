import { regionNames } from "../declaration/schema.js";
import type { PeeringDeclaration } from "../declaration/types.js";
import type { Finding } from "../plan/plan-types.js";
import { awsRegionForm } from "../plan/identity.js";
import { ruleSources } from "./sources.js";

/** The declaration fields that hold a region name, with the provider whose enum they take. */
export const regionFieldPattern = /^(containers|peers)\[\d+\]\.(regionName|region|regions\[\d+\])$/;

/** The AWS spellings of the regions Atlas's AWS containers take (`us-east-1`), derived from the enum. */
const awsRegions = new Set(regionNames.AWS.filter((region) => region !== "GLOBAL").map(awsRegionForm));

/**
 * Region names, before any request: a name Atlas does not know (`us_west_2`, `us-west-2`) is an
 * error with the name it probably meant (`US_WEST_2`), from the fragment's enums; an AWS
 * `accepterRegionName` in Atlas's spelling (`US_EAST_1`) is an error naming AWS's (`us-east-1`).
 */
export function regionFindings(declaration: PeeringDeclaration): Finding[] {
  const findings: Finding[] = [];
  const check = (provider: "AWS" | "AZURE" | "GCP", value: unknown, field: string) => {
    if (typeof value !== "string" || regionNames[provider].includes(value)) return;
    const guess = regionNames[provider].find((region) => region === value.toUpperCase().replace(/-/g, "_"));
    findings.push({
      severity: "error",
      code: "REGION_NAME",
      field,
      message: `${JSON.stringify(value)} is not ${provider === "GCP" ? "a" : "an"} ${provider} region name Atlas accepts${
        guess
          ? `; did you mean ${guess}?`
          : ` (the names are ${regionNames[provider].slice(0, 4).join(", ")}, ...)`
      }`,
      source: ruleSources.regionNames,
    });
  };
  (declaration.containers ?? []).forEach((container, index) => {
    if (container.providerName === "AWS")
      check("AWS", container.regionName, `containers[${index}].regionName`);
    else if (container.providerName === "AZURE")
      check("AZURE", container.region, `containers[${index}].region`);
    else if (container.providerName === "GCP")
      (container.regions ?? []).forEach((region, at) =>
        check("GCP", region, `containers[${index}].regions[${at}]`),
      );
  });
  (declaration.peers ?? []).forEach((peer, index) => {
    if (peer.providerName === "AWS") {
      check("AWS", peer.regionName, `peers[${index}].regionName`);
      const accepter = peer.accepterRegionName;
      if (typeof accepter === "string" && !awsRegions.has(accepter)) {
        const form = awsRegionForm(accepter);
        findings.push({
          severity: awsRegions.has(form) ? "error" : "warning",
          code: "ACCEPTER_REGION_NAME",
          field: `peers[${index}].accepterRegionName`,
          message: awsRegions.has(form)
            ? `${JSON.stringify(accepter)} is Atlas's spelling; accepterRegionName takes AWS's: did you mean ${form}?`
            : `${JSON.stringify(accepter)} is none of the AWS regions Atlas's containers know (${[...awsRegions].slice(0, 3).join(", ")}, ...)`,
          source: ruleSources.accepterRegion,
        });
      }
    } else if (peer.providerName === "AZURE") check("AZURE", peer.region, `peers[${index}].region`);
  });
  return findings;
}
