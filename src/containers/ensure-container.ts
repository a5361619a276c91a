import type { AtlasRequestOptions } from "../client/typed-fetch.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { AtlasContainerMismatchError } from "../errors/container-errors.js";
import { isAtlasErrorCode } from "../errors/error-codes.js";
import { AtlasConnectionError, AtlasTimeoutError } from "../errors/transport-errors.js";
import type { OfProvider, ProviderResourceApi } from "../resources/provider-resource-api.js";
import type { Container, ContainerRequest, ProviderName } from "../types.js";

type Wanted = ContainerRequest & { providerName: ProviderName };

/**
 * The project's container for a provider and region, created when missing, as the Atlas CLI's
 * `peering create` does. Atlas allows one container per provider and region for AWS and Azure,
 * and one per project for GCP (with its list of regions), so "the" container is well defined:
 * found by listing, compared with what was asked (a different CIDR block, or GCP regions it
 * lacks, is an `AtlasContainerMismatchError` naming both, never a silent mismatch), created when
 * absent. Two callers racing to create it meet Atlas's 409 CONTAINER_ALREADY_EXISTS; so does a
 * create whose answer was lost (a reset, a timeout): both then read the container that exists.
 */
export async function ensureContainer<P extends ProviderName>(
  containers: ProviderResourceApi<Container, ContainerRequest>,
  groupId: string,
  wanted: ContainerRequest & { providerName: P },
  options: AtlasRequestOptions = {},
): Promise<OfProvider<Container, P>> {
  if (typeof wanted !== "object" || wanted === null || Array.isArray(wanted))
    throw new AtlasInvalidRequestError(
      "body",
      "containers.ensure needs a container body such as containers.create takes",
    );
  const existing = await findContainer(containers, groupId, wanted, options);
  if (existing) return checked(existing, wanted) as OfProvider<Container, P>;
  try {
    return (await containers.create(groupId, wanted as Wanted, options)) as OfProvider<Container, P>;
  } catch (error) {
    const mayExistNow =
      isAtlasErrorCode(error, "CONTAINER_ALREADY_EXISTS") ||
      error instanceof AtlasConnectionError ||
      error instanceof AtlasTimeoutError;
    const found = mayExistNow ? await findContainer(containers, groupId, wanted, options) : undefined;
    if (!found) throw error;
    return checked(found, wanted) as OfProvider<Container, P>;
  }
}

async function findContainer(
  containers: ProviderResourceApi<Container, ContainerRequest>,
  groupId: string,
  wanted: Wanted,
  options: AtlasRequestOptions,
): Promise<Container | undefined> {
  for await (const container of containers.list(groupId, { ...options, providerName: wanted.providerName })) {
    if (container.providerName === wanted.providerName && regionOf(container) === regionOf(wanted))
      return container;
  }
  return undefined;
}

/** AWS and Azure containers are one per region; GCP's is one per project (undefined: any). */
function regionOf(container: Container | Wanted): string | undefined {
  if (container.providerName === "AWS") return container.regionName;
  if (container.providerName === "AZURE") return container.region;
  return undefined;
}

function checked(existing: Container, wanted: Wanted): Container {
  const where = [existing.providerName, regionOf(existing)].filter(Boolean).join(" ");
  if (normalizedCidr(existing.atlasCidrBlock) !== normalizedCidr(wanted.atlasCidrBlock)) {
    throw new AtlasContainerMismatchError(
      existing.id,
      "atlasCidrBlock",
      String(existing.atlasCidrBlock),
      wanted.atlasCidrBlock,
      where,
    );
  }
  if (existing.providerName === "GCP" && wanted.providerName === "GCP") {
    const has: readonly string[] = existing.regions ?? [];
    const asked: readonly string[] = wanted.regions ?? [];
    if (asked.some((region) => !has.includes(region)))
      throw new AtlasContainerMismatchError(
        existing.id,
        "regions",
        has.join(", ") || "none",
        asked.join(", "),
        where,
      );
  }
  return existing;
}

/** `10.08.0.0%2F21` and `10.8.0.0/21` are the same block: Atlas's pattern accepts both spellings. */
function normalizedCidr(value: unknown): string {
  const text = String(value).trim().toLowerCase().replace(/%2f/g, "/");
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,3})$/.exec(text);
  return ipv4 ? `${ipv4.slice(1, 5).map(Number).join(".")}/${Number(ipv4[5])}` : text;
}
