/**
 * IPv4 CIDR arithmetic for the declared-peering rules: parse a block, and ask whether one contains
 * another, whether two overlap, and which RFC 1918 range holds one. Written here rather than taken
 * from a library (ip-address, ipaddr.js, netmask: 50 to 200 kB installed each, with IPv6 and
 * formatting this code never needs): a block is two 32-bit numbers, and the four questions are one
 * comparison each. test/declared/cidr-properties.test.ts holds it to a reference implementation
 * (bit-string prefixes) over random blocks.
 */

/** An IPv4 block: its first and last address as unsigned 32-bit numbers, and its prefix length. */
export interface Ipv4Block {
  /** The block as Atlas normalises it: `10.8.0.0/21` (leading zeros and `%2F` removed). */
  text: string;
  /** The network address, host bits cleared. */
  first: number;
  /** The last address of the block. */
  last: number;
  /** The prefix length, 0 to 32. */
  prefix: number;
  /** Whether the address as written had host bits set (`10.8.1.0/21` is really `10.8.0.0/21`). */
  hostBitsSet: boolean;
}

/**
 * A block from text as Atlas's patterns accept it (`10.8.0.0/21`, `10.08.0.0%2F21`); undefined for
 * anything else (IPv6, a bare address, octets above 255, a prefix above 32).
 */
export function parseIpv4Block(value: unknown): Ipv4Block | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/|%2[fF])(\d{1,2})$/.exec(value.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = octets.reduce((total, octet) => total * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const first = address - (address % size);
  return {
    text: `${dotted(first)}/${prefix}`,
    first,
    last: first + size - 1,
    prefix,
    hostBitsSet: first !== address,
  };
}

/** `a` holds every address of `b`. */
export function contains(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.first && b.last <= a.last;
}

/** `a` and `b` share at least one address (for CIDR blocks: one contains the other). */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** RFC 1918, section 3: the three ranges reserved for private networks. */
export const rfc1918Ranges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
const privateRanges = rfc1918Ranges.map((range) => parseIpv4Block(range)!);

/** The RFC 1918 range that holds the whole block, or undefined. */
export function rfc1918RangeOf(block: Ipv4Block): string | undefined {
  const index = privateRanges.findIndex((range) => contains(range, block));
  return index === -1 ? undefined : rfc1918Ranges[index];
}

/** Two spellings of one block compare equal (`10.08.0.0%2F21`, `10.8.0.0/21`); anything unparsable compares as text. */
export function sameBlock(a: unknown, b: unknown): boolean {
  const left = parseIpv4Block(a);
  const right = parseIpv4Block(b);
  if (left && right) return left.first === right.first && left.prefix === right.prefix;
  return String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
}

/** The block's usual spelling, or the text as given when it is not an IPv4 block. */
export function normalizedBlock(value: unknown): string {
  return parseIpv4Block(value)?.text ?? String(value);
}

function dotted(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
