import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { contains, overlaps, parseIpv4Block, rfc1918RangeOf } from "../../src/declared/rules/cidr.js";
import { sizeFinding } from "../../src/declared/rules/cidr-rules.js";
import { containerBlockProblem } from "../../src/testing/cidr-rules.js";
import { propertyRuns } from "../helpers/property-runs.js";

// The CIDR rules against a reference written differently: a block is the string of its prefix
// bits; A contains B when B's bits start with A's, two blocks overlap when one contains the other,
// a block has 2^(32 - prefix) addresses. No arithmetic shared with src/declared/rules/cidr.ts.
const bits = (octets: number[], prefix: number) =>
  octets
    .map((octet) => octet.toString(2).padStart(8, "0"))
    .join("")
    .slice(0, prefix);
const referenceContains = (a: string, b: string) => b.startsWith(a);
const referenceOverlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
const rfc1918Bits = [bits([10, 0, 0, 0], 8), bits([172, 16, 0, 0], 12), bits([192, 168, 0, 0], 16)];

/** Blocks that collide often: the private ranges and their neighbours, any prefix. */
const block = fc
  .record({
    first: fc.constantFrom(10, 11, 172, 192, 9, 100),
    second: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(15, 16, 31, 32, 167, 168, 169)),
    third: fc.integer({ min: 0, max: 255 }),
    fourth: fc.integer({ min: 0, max: 255 }),
    prefix: fc.integer({ min: 0, max: 32 }),
  })
  .map(({ first, second, third, fourth, prefix }) => ({
    text: `${first}.${second}.${third}.${fourth}/${prefix}`,
    bits: bits([first, second, third, fourth], prefix),
    prefix,
  }));

describe("CIDR arithmetic, against a bit-string reference", () => {
  test("containment, overlap, size and RFC 1918 agree for random blocks", () => {
    fc.assert(
      fc.property(block, block, (a, b) => {
        const left = parseIpv4Block(a.text)!;
        const right = parseIpv4Block(b.text)!;
        expect(contains(left, right)).toBe(referenceContains(a.bits, b.bits));
        expect(overlaps(left, right)).toBe(referenceOverlaps(a.bits, b.bits));
        expect(left.last - left.first + 1).toBe(2 ** (32 - a.prefix));
        expect(rfc1918RangeOf(left) !== undefined).toBe(
          rfc1918Bits.some((range) => referenceContains(range, a.bits)),
        );
        // Normalised text parses back to the same block.
        expect(parseIpv4Block(left.text)).toMatchObject({
          first: left.first,
          prefix: left.prefix,
          hostBitsSet: false,
        });
      }),
      propertyRuns(5000),
    );
  });

  test("Atlas's spellings: %2F and leading zeros are the same block; IPv6, bare addresses and octets over 255 are none", () => {
    expect(parseIpv4Block("10.08.0.0%2F21")?.text).toBe("10.8.0.0/21");
    expect(parseIpv4Block("10.8.1.0/21")).toMatchObject({ text: "10.8.0.0/21", hostBitsSet: true });
    for (const bad of ["10.0.0.0", "256.0.0.0/8", "10.0.0.0/33", "fd00::/8", "", "10.0.0.0/-1"])
      expect(parseIpv4Block(bad), bad).toBeUndefined();
  });

  test("the plan's size rule and the local Atlas's refusals agree (AWS, Azure); GCP: whatever Atlas may refuse, the plan warns of", () => {
    fc.assert(
      fc.property(block, fc.constantFrom("AWS", "AZURE", "GCP"), (candidate, providerName) => {
        const parsed = parseIpv4Block(candidate.text)!;
        const private1918 = rfc1918RangeOf(parsed) !== undefined;
        const planSays = sizeFinding(providerName, parsed, "atlasCidrBlock");
        const atlasSays = containerBlockProblem({ providerName, atlasCidrBlock: parsed.text });
        if (providerName === "GCP") {
          if (atlasSays && private1918) expect(planSays?.severity).toBe("warning");
        } else expect(atlasSays !== undefined).toBe(planSays !== undefined || !private1918);
      }),
      propertyRuns(3000),
    );
  });
});
