import { failure, type OperationResult } from "./operation-result.js";

/**
 * The CIDR rules the local Atlas keeps, as MongoDB documents them (the spec's atlasCidrBlock text:
 * RFC 1918 ranges; AWS and Azure "between the /24 and /21 ranges"; GCP "a lower bound of the /18
 * range", taken here as "at least a /18", prefix 18 or less), and AWS's rule that peered networks
 * must not overlap (a peer's `routeTableCidrBlock` against its container's block).
 *
 * Error codes: the fragment documents none for these. The size and range rules answer 400
 * VALIDATION_ERROR on `atlasCidrBlock` (the spec's 400 example code); an overlap answers 400
 * OVERLAPPING_CIDR_BLOCK, a code the client already knows Atlas to send (knownAtlasErrorCodes).
 *
 * The arithmetic is the local Atlas's own, independent of the declared-peering rules'
 * (src/declared/rules/cidr.ts), so that each can catch the other in the tests that run both.
 */
interface Block {
  first: number;
  last: number;
  prefix: number;
}

const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((range) => block(range)!);

function block(text: unknown): Block | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/|%2[fF])(\d{1,3})$/.exec(String(text));
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const first = (address & mask) >>> 0;
  return { first, last: (first | (~mask >>> 0)) >>> 0, prefix };
}

/** The refusal of a container body whose block breaks Atlas's documented rules; undefined when it keeps them. */
export function containerBlockProblem(body: Record<string, unknown>): OperationResult | undefined {
  const parsed = block(body.atlasCidrBlock);
  const refuse = (why: string) =>
    failure(400, "VALIDATION_ERROR", `atlasCidrBlock ${String(body.atlasCidrBlock)} ${why}.`, {
      field: "atlasCidrBlock",
    });
  if (!parsed) return refuse("is not an IPv4 CIDR block");
  if (!privateRanges.some((range) => range.first <= parsed.first && parsed.last <= range.last))
    return refuse("must fall within the ranges reserved per RFC 1918");
  if (body.providerName === "GCP") {
    if (parsed.prefix > 18) return refuse("must be at least a /18 for GCP");
  } else if (parsed.prefix < 21 || parsed.prefix > 24) return refuse("must be between a /24 and a /21");
  return undefined;
}

/** The refusal of an AWS peer whose VPC block overlaps its container's; undefined otherwise (and for IPv6). */
export function peerBlockProblem(
  body: Record<string, unknown>,
  containerBlock: unknown,
): OperationResult | undefined {
  if (body.providerName !== "AWS") return undefined;
  const vpc = block(body.routeTableCidrBlock);
  const atlas = block(containerBlock);
  if (!vpc || !atlas || vpc.first > atlas.last || atlas.first > vpc.last) return undefined;
  return failure(
    400,
    "OVERLAPPING_CIDR_BLOCK",
    `routeTableCidrBlock ${String(body.routeTableCidrBlock)} overlaps the Atlas CIDR block ${String(containerBlock)} of the container.`,
    { field: "routeTableCidrBlock" },
  );
}
