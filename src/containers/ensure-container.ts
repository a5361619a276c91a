import type { AtlasRequestOptions, Requester } from "../client/typed-fetch.js";
import { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { AtlasContainerMismatchError } from "../errors/container-errors.js";
import { isAtlasErrorCode } from "../errors/error-codes.js";
import { AtlasConnectionError, AtlasTimeoutError } from "../errors/transport-errors.js";
import type { OfProvider, ResourceRequests } from "../resources/provider-resource-api.js";
import type { Container, ContainerRequest, ProviderName } from "../types.js";

type Wanted = ContainerRequest & { providerName: ProviderName };

/**
 * The project's container for a provider and region, created when missing, as the Atlas CLI's
 * `peering create` does. Atlas allows one container per provider and region for AWS and Azure,
 * and one per project for GCP (with its list of regions), so "the" container is well defined:
 * found by listing, compared with what was asked (a different CIDR block, or GCP regions it
 * lacks, is an `AtlasContainerMismatchError` naming both, never a silent mismatch), created when
 * absent. Two callers racing to create it meet Atlas's 409 CONTAINER_ALREADY_EXISTS; a create
 * whose answer was lost (a reset, a timeout, a gateway's 502 or 504) is followed by a read: both
 * then find the container that exists. All of it is one operation, under one deadline.
 */
export async function ensureContainer<P extends ProviderName>(
  requester: Requester,
  containers: ResourceRequests,
  groupId: string,
  wanted: ContainerRequest & { providerName: P },
  options: AtlasRequestOptions = {},
): Promise<OfProvider<Container, P>> {
  if (typeof wanted !== "object" || wanted === null || Array.isArray(wanted))
    throw new AtlasInvalidRequestError(
      "body",
      "containers.ensure needs a container body such as containers.create takes",
    );
  const request = requester.options(options);
  return requester.operation(request, async (scope) => {
    const find = async () => {
      for await (const container of containers.list(
        scope,
        request,
        groupId,
        { providerName: wanted.providerName },
        undefined,
      )) {
        const found = container as Container;
        if (found.providerName === wanted.providerName && regionOf(found) === regionOf(wanted as Wanted))
          return found;
      }
      return undefined;
    };
    const existing = await find();
    if (existing) return checked(existing, wanted as Wanted) as OfProvider<Container, P>;
    try {
      return (await containers.create(scope, request, groupId, wanted)).data as OfProvider<Container, P>;
    } catch (error) {
      // Another caller won the race, or the answer was lost on the way (a reset, a timed-out
      // attempt, a gateway's 5xx): the container may exist now, and is read rather than created twice.
      const mayExistNow =
        isAtlasErrorCode(error, "CONTAINER_ALREADY_EXISTS") ||
        error instanceof AtlasConnectionError ||
        (error instanceof AtlasTimeoutError && error.scope === "attempt") ||
        (error instanceof AtlasApiError && error.kind === "server");
      const found = mayExistNow ? await find() : undefined;
      if (!found) throw error;
      return checked(found, wanted as Wanted) as OfProvider<Container, P>;
    }
  });
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
