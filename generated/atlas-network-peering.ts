// GENERATED FILE, do not edit. Regenerate with `npm run generate`.
// Source: spec/atlas-network-peering.yaml (sha256 2fc268ed38597a0e879b01430aef7125325b9465a1a41759d7e0b0b25459ef35),
// cut from MongoDB's Atlas Admin API v2 document (x-xgen-sha f84b8e4346991132f70f5610809ad1b6af020975) and fixed up by spec/fixups.overlay.yaml.
// Tools: openapi-typescript 7.13.0 (--default-non-nullable=false --read-write-markers --empty-objects-unknown), prettier 3.6.2.
// The descriptions below are MongoDB's, under CC BY-NC-SA 3.0 US like the document they come from.

export type $Read<T> = {
  readonly $read: T;
};
export type $Write<T> = {
  readonly $write: T;
};
export type Readable<T> =
  T extends $Write<any>
    ? never
    : T extends $Read<infer U>
      ? Readable<U>
      : T extends (infer E)[]
        ? Readable<E>[]
        : T extends object
          ? {
              [K in keyof T as NonNullable<T[K]> extends $Write<any> ? never : K]: Readable<T[K]>;
            }
          : T;
export type Writable<T> =
  T extends $Read<any>
    ? never
    : T extends $Write<infer U>
      ? Writable<U>
      : T extends (infer E)[]
        ? Writable<E>[]
        : T extends object
          ? {
              [K in keyof T as NonNullable<T[K]> extends $Read<any> ? never : K]: Writable<T[K]>;
            } & {
              [K in keyof T as NonNullable<T[K]> extends $Read<any> ? K : never]?: never;
            }
          : T;
export interface paths {
  "/api/atlas/v2/groups/{groupId}/containers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Return All Network Peering Containers in One Project for One Cloud Provider
     * @description Returns details about all network peering containers in the specified project for the specified cloud provider. If you do not specify the cloud provider, MongoDB Cloud returns details about all network peering containers in the project for Amazon Web Services (AWS).
     */
    get: operations["listGroupContainers"];
    put?: never;
    /**
     * Create One Network Peering Container
     * @description Creates one new network peering container in the specified project. MongoDB Cloud can deploy Network Peering connections in a network peering container. GCP can have one container per project. AWS and Azure can have one container per cloud provider region.
     */
    post: operations["createGroupContainer"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/atlas/v2/groups/{groupId}/containers/{containerId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Return One Network Peering Container
     * @description Returns details about one network peering container in one specified project. Network peering containers contain network peering connections.
     */
    get: operations["getGroupContainer"];
    put?: never;
    post?: never;
    /**
     * Remove One Network Peering Container
     * @description Removes one network peering container in the specified project.
     */
    delete: operations["deleteGroupContainer"];
    options?: never;
    head?: never;
    /**
     * Update One Network Peering Container
     * @description Updates the network details and labels of one specified network peering container in the specified project.
     */
    patch: operations["updateGroupContainer"];
    trace?: never;
  };
  "/api/atlas/v2/groups/{groupId}/containers/all": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Return All Network Peering Containers in One Project
     * @description Returns details about all network peering containers in the specified project. Network peering containers contain network peering connections.
     */
    get: operations["listGroupContainerAll"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/atlas/v2/groups/{groupId}/peers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Return All Network Peering Connections in One Project
     * @description Returns details about all network peering connections in the specified project. Network peering allows multiple cloud-hosted applications to securely connect to the same project.
     */
    get: operations["listGroupPeers"];
    put?: never;
    /**
     * Create One Network Peering Connection
     * @description Creates one new network peering connection in the specified project. Network peering allows multiple cloud-hosted applications to securely connect to the same project. To learn more about considerations and prerequisites, see the Network Peering Documentation.
     */
    post: operations["createGroupPeer"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/atlas/v2/groups/{groupId}/peers/{peerId}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Return One Network Peering Connection in One Project
     * @description Returns details about one specified network peering connection in the specified project.
     */
    get: operations["getGroupPeer"];
    put?: never;
    post?: never;
    /**
     * Remove One Network Peering Connection
     * @description Removes one network peering connection in the specified project. If you remove the last network peering connection associated with a project, MongoDB Cloud also removes any AWS security groups from the project IP access list.
     */
    delete: operations["deleteGroupPeer"];
    options?: never;
    head?: never;
    /**
     * Update One Network Peering Connection
     * @description Updates one specified network peering connection in the specified project.
     */
    patch: operations["updateGroupPeer"];
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /**
     * AWS
     * @description Collection of settings that configures the network container for a virtual private connection on Amazon Web Services.
     */
    AWSCloudProviderContainer: {
      /**
       * @description IP addresses expressed in Classless Inter-Domain Routing (CIDR) notation that MongoDB Cloud uses for the network peering containers in your project. MongoDB Cloud assigns all of the project's clusters deployed to this cloud provider an IP address from this range. MongoDB Cloud locks this value if an M10 or greater cluster or a network peering connection exists in this project.
       *
       *     These CIDR blocks must fall within the ranges reserved per RFC 1918. AWS and Azure further limit the block to between the `/24` and  `/21` ranges.
       *
       *     To modify the CIDR block, the target project cannot have:
       *
       *     - Any M10 or greater clusters
       *     - Any other VPC peering connections
       *
       *      You can also create a new project and create a network peering connection to set the desired MongoDB Cloud network peering container CIDR block for that project. MongoDB Cloud limits the number of MongoDB nodes per network peering connection based on the CIDR block and the region selected for the project.
       *
       *      **Example:** A project in an Amazon Web Services (AWS) region supporting three availability zones and an MongoDB CIDR network peering container block of limit of `/24` equals 27 three-node replica sets.
       */
      atlasCidrBlock: string;
      /**
       * @description Geographic area that Amazon Web Services (AWS) defines to which MongoDB Cloud deployed this network peering container.
       * @enum {string}
       */
      regionName:
        | "US_EAST_1"
        | "US_EAST_2"
        | "US_WEST_1"
        | "US_WEST_2"
        | "CA_CENTRAL_1"
        | "EU_NORTH_1"
        | "EU_WEST_1"
        | "EU_WEST_2"
        | "EU_WEST_3"
        | "EU_CENTRAL_1"
        | "EU_CENTRAL_2"
        | "SA_EAST_1"
        | "AP_EAST_1"
        | "AP_EAST_2"
        | "AP_SOUTHEAST_2"
        | "AP_SOUTHEAST_3"
        | "AP_SOUTHEAST_4"
        | "AP_SOUTHEAST_5"
        | "AP_SOUTHEAST_6"
        | "AP_SOUTHEAST_7"
        | "AP_NORTHEAST_1"
        | "AP_NORTHEAST_2"
        | "AP_NORTHEAST_3"
        | "AP_SOUTHEAST_1"
        | "AP_SOUTH_1"
        | "AP_SOUTH_2"
        | "CN_NORTH_1"
        | "CN_NORTHWEST_1"
        | "ME_CENTRAL_1"
        | "ME_SOUTH_1"
        | "AF_SOUTH_1"
        | "EU_SOUTH_1"
        | "EU_SOUTH_2"
        | "IL_CENTRAL_1"
        | "CA_WEST_1"
        | "MX_CENTRAL_1"
        | "GLOBAL"
        | "US_GOV_WEST_1"
        | "US_GOV_EAST_1";
      /**
       * @description Unique string that identifies the MongoDB Cloud VPC on AWS.
       * @example vpc-b555d3b0d9cb783b0
       */
      vpcId?: $Read<string>;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the network peering container.
       * @example 32b6e34b3d91647abb20e7b8
       */
      id?: $Read<string>;
      /**
       * @description Cloud service provider that serves the requested network peering containers. (enum property replaced by openapi-typescript)
       * @enum {string}
       */
      providerName: "AWS";
      /** @description Flag that indicates whether MongoDB Cloud clusters exist in the specified network peering container. */
      provisioned?: $Read<boolean>;
    };
    ApiError: {
      badRequestDetail?: components["schemas"]["BadRequestDetail"];
      /** @description Describes the specific conditions or reasons that cause each type of error. */
      detail?: string | null;
      /**
       * Format: int32
       * @description HTTP status code returned with this error.
       */
      error: $Read<number>;
      /** @description Application error code returned with this error. */
      errorCode: $Read<string>;
      /** @description Parameters used to give more information about the error. */
      parameters?: $Read<Record<string, unknown>[]>;
      /** @description Application error message returned with this error. */
      reason?: $Read<string | null>;
    };
    /**
     * AWS
     * @description Group of Network Peering connection settings.
     */
    AwsNetworkPeeringConnectionSettings: {
      /** @description Amazon Web Services (AWS) region where the Virtual Peering Connection (VPC) that you peered with the MongoDB Cloud VPC resides. The resource returns `null` if your VPC and the MongoDB Cloud VPC reside in the same region. */
      accepterRegionName: string | null;
      /** @description Unique twelve-digit string that identifies the Amazon Web Services (AWS) account that owns the VPC that you peered with the MongoDB Cloud VPC. */
      awsAccountId: string;
      /** @description Unique string that identifies the peering connection on AWS. */
      connectionId?: $Read<string | null>;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the MongoDB Cloud network container that contains the specified network peering connection.
       * @example 32b6e34b3d91647abb20e7b8
       */
      containerId: string;
      /**
       * @description Type of error that can be returned when requesting an Amazon Web Services (AWS) peering connection. The resource returns `null` if the request succeeded.
       * @enum {string|null}
       */
      errorStateName?: $Read<"REJECTED" | "EXPIRED" | "INVALID_ARGUMENT" | null>;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the network peering connection.
       * @example 32b6e34b3d91647abb20e7b8
       */
      id?: $Read<string>;
      /**
       * @description Cloud service provider that serves the requested network peering connection. (enum property replaced by openapi-typescript)
       * @enum {string}
       */
      providerName: "AWS";
      /** @description Internet Protocol (IP) addresses expressed in Classless Inter-Domain Routing (CIDR) notation of the VPC's subnet that you want to peer with the MongoDB Cloud VPC. */
      routeTableCidrBlock: string;
      /**
       * @description State of the network peering connection at the time you made the request.
       * @enum {string}
       */
      statusName?: $Read<
        "INITIATING" | "PENDING_ACCEPTANCE" | "FAILED" | "FINALIZING" | "AVAILABLE" | "TERMINATING"
      >;
      /** @description Unique string that identifies the VPC on Amazon Web Services (AWS) that you want to peer with the MongoDB Cloud VPC. */
      vpcId: string;
    };
    /**
     * AZURE
     * @description Collection of settings that configures the network container for a virtual private connection on Amazon Web Services.
     */
    AzureCloudProviderContainer: {
      /**
       * @description IP addresses expressed in Classless Inter-Domain Routing (CIDR) notation that MongoDB Cloud uses for the network peering containers in your project. MongoDB Cloud assigns all of the project's clusters deployed to this cloud provider an IP address from this range. MongoDB Cloud locks this value if an M10 or greater cluster or a network peering connection exists in this project.
       *
       *     These CIDR blocks must fall within the ranges reserved per RFC 1918. AWS and Azure further limit the block to between the `/24` and  `/21` ranges.
       *
       *     To modify the CIDR block, the target project cannot have:
       *
       *     - Any M10 or greater clusters
       *     - Any other VPC peering connections
       *
       *      You can also create a new project and create a network peering connection to set the desired MongoDB Cloud network peering container CIDR block for that project. MongoDB Cloud limits the number of MongoDB nodes per network peering connection based on the CIDR block and the region selected for the project.
       *
       *      **Example:** A project in an Amazon Web Services (AWS) region supporting three availability zones and an MongoDB CIDR network peering container block of limit of `/24` equals 27 three-node replica sets.
       */
      atlasCidrBlock: string;
      /**
       * @description Unique string that identifies the Azure subscription in which the MongoDB Cloud VNet resides.
       * @example 32b6e34b3d91647abb20e7b8
       */
      azureSubscriptionId?: $Read<string>;
      /**
       * @description Azure region to which MongoDB Cloud deployed this network peering container.
       * @enum {string}
       */
      region:
        | "US_CENTRAL"
        | "US_EAST"
        | "US_EAST_2"
        | "US_EAST_2_EUAP"
        | "US_NORTH_CENTRAL"
        | "US_WEST"
        | "US_SOUTH_CENTRAL"
        | "EUROPE_NORTH"
        | "EUROPE_WEST"
        | "US_WEST_CENTRAL"
        | "US_WEST_2"
        | "US_WEST_3"
        | "CANADA_EAST"
        | "CANADA_CENTRAL"
        | "BRAZIL_SOUTH"
        | "BRAZIL_SOUTHEAST"
        | "AUSTRALIA_EAST"
        | "AUSTRALIA_SOUTH_EAST"
        | "AUSTRALIA_CENTRAL"
        | "AUSTRALIA_CENTRAL_2"
        | "UAE_NORTH"
        | "GERMANY_WEST_CENTRAL"
        | "GERMANY_NORTH"
        | "SWITZERLAND_NORTH"
        | "SWITZERLAND_WEST"
        | "SWEDEN_CENTRAL"
        | "SWEDEN_SOUTH"
        | "UK_SOUTH"
        | "UK_WEST"
        | "INDIA_CENTRAL"
        | "INDIA_WEST"
        | "INDIA_SOUTH"
        | "CHINA_EAST"
        | "CHINA_NORTH"
        | "ASIA_EAST"
        | "JAPAN_EAST"
        | "JAPAN_WEST"
        | "ASIA_SOUTH_EAST"
        | "KOREA_CENTRAL"
        | "KOREA_SOUTH"
        | "FRANCE_CENTRAL"
        | "FRANCE_SOUTH"
        | "SOUTH_AFRICA_NORTH"
        | "SOUTH_AFRICA_WEST"
        | "NORWAY_EAST"
        | "NORWAY_WEST"
        | "UAE_CENTRAL"
        | "QATAR_CENTRAL"
        | "POLAND_CENTRAL"
        | "ISRAEL_CENTRAL"
        | "ITALY_NORTH"
        | "SPAIN_CENTRAL"
        | "MEXICO_CENTRAL"
        | "NEW_ZEALAND_NORTH"
        | "INDONESIA_CENTRAL"
        | "MALAYSIA_WEST"
        | "CHILE_CENTRAL"
        | "US_GOV_VIRGINIA"
        | "US_GOV_ARIZONA"
        | "US_GOV_TEXAS";
      /** @description Unique string that identifies the Azure VNet in which MongoDB Cloud clusters in this network peering container exist. The response returns **null** if no clusters exist in this network peering container. */
      vnetName?: $Read<string | null>;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the network peering container.
       * @example 32b6e34b3d91647abb20e7b8
       */
      id?: $Read<string>;
      /**
       * @description Cloud service provider that serves the requested network peering containers. (enum property replaced by openapi-typescript)
       * @enum {string}
       */
      providerName: "AZURE";
      /** @description Flag that indicates whether MongoDB Cloud clusters exist in the specified network peering container. */
      provisioned?: $Read<boolean>;
    };
    /**
     * AZURE
     * @description Group of Network Peering connection settings.
     */
    AzureNetworkPeeringConnectionSettings: {
      /**
       * Format: uuid
       * @description Unique string that identifies the Azure AD directory in which the VNet peered with the MongoDB Cloud VNet resides.
       */
      azureDirectoryId: string;
      /**
       * Format: uuid
       * @description Unique string that identifies the Azure subscription in which the VNet you peered with the MongoDB Cloud VNet resides.
       */
      azureSubscriptionId: string;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the MongoDB Cloud network container that contains the specified network peering connection.
       * @example 32b6e34b3d91647abb20e7b8
       */
      containerId: string;
      /** @description Error message returned when a requested Azure network peering resource returns `"status" : "FAILED"`. The resource returns `null` if the request succeeded. */
      errorState?: $Read<string | null>;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the network peering connection.
       * @example 32b6e34b3d91647abb20e7b8
       */
      id?: $Read<string>;
      /**
       * @description Cloud service provider that serves the requested network peering connection. (enum property replaced by openapi-typescript)
       * @enum {string}
       */
      providerName: "AZURE";
      /** @description Human-readable label that identifies the resource group in which the VNet to peer with the MongoDB Cloud VNet resides. */
      resourceGroupName: string;
      /**
       * @description State of the network peering connection at the time you made the request.
       * @enum {string}
       */
      status?: $Read<"ADDING_PEER" | "AVAILABLE" | "FAILED" | "DELETION_FAILED" | "DELETING">;
      /** @description Human-readable label that identifies the VNet that you want to peer with the MongoDB Cloud VNet. */
      vnetName: string;
    };
    /** @description Bad request detail. */
    BadRequestDetail: {
      /** @description Describes all violations in a client request. */
      fields?: components["schemas"]["FieldViolation"][];
    } | null;
    BaseNetworkPeeringConnectionSettings:
      | components["schemas"]["AwsNetworkPeeringConnectionSettings"]
      | components["schemas"]["AzureNetworkPeeringConnectionSettings"]
      | components["schemas"]["GCPNetworkPeeringConnectionSettings"];
    /** @description Collection of settings that configures the network container for a virtual private connection on Amazon Web Services. */
    CloudProviderContainer:
      | components["schemas"]["AzureCloudProviderContainer"]
      | components["schemas"]["GCPCloudProviderContainer"]
      | components["schemas"]["AWSCloudProviderContainer"];
    FieldViolation: {
      /** @description A description of why the request element is bad. */
      description: string;
      /** @description A path that leads to a field in the request body. */
      field: string;
    };
    /**
     * GCP
     * @description Collection of settings that configures the network container for a virtual private connection on Amazon Web Services.
     */
    GCPCloudProviderContainer: {
      /**
       * @description IP addresses expressed in Classless Inter-Domain Routing (CIDR) notation that MongoDB Cloud uses for the network peering containers in your project. MongoDB Cloud assigns all of the project's clusters deployed to this cloud provider an IP address from this range. MongoDB Cloud locks this value if an M10 or greater cluster or a network peering connection exists in this project.
       *
       *     These CIDR blocks must fall within the ranges reserved per RFC 1918. GCP further limits the block to a lower bound of the `/18` range.
       *
       *     To modify the CIDR block, the target project cannot have:
       *
       *     - Any M10 or greater clusters
       *     - Any other VPC peering connections
       *
       *      You can also create a new project and create a network peering connection to set the desired MongoDB Cloud network peering container CIDR block for that project. MongoDB Cloud limits the number of MongoDB nodes per network peering connection based on the CIDR block and the region selected for the project.
       *
       *      **Example:** A project in an Google Cloud (GCP) region supporting three availability zones and an MongoDB CIDR network peering container block of limit of `/24` equals 27 three-node replica sets.
       */
      atlasCidrBlock: string;
      /** @description Unique string that identifies the GCP project in which MongoDB Cloud clusters in this network peering container exist. The response returns **null** if no clusters exist in this network peering container. */
      gcpProjectId?: $Read<string | null>;
      /** @description Human-readable label that identifies the network in which MongoDB Cloud clusters in this network peering container exist. MongoDB Cloud returns **null** if no clusters exist in this network peering container. */
      networkName?: $Read<string | null>;
      /** @description List of GCP regions to which you want to deploy this MongoDB Cloud network peering container.  In this MongoDB Cloud project, you can deploy clusters only to the GCP regions in this list. To deploy MongoDB Cloud clusters to other GCP regions, create additional projects. */
      regions: (
        | "AFRICA_SOUTH_1"
        | "ASIA_EAST_2"
        | "ASIA_NORTHEAST_2"
        | "ASIA_NORTHEAST_3"
        | "ASIA_SOUTH_1"
        | "ASIA_SOUTH_2"
        | "ASIA_SOUTHEAST_2"
        | "AUSTRALIA_SOUTHEAST_1"
        | "AUSTRALIA_SOUTHEAST_2"
        | "CENTRAL_US"
        | "EASTERN_ASIA_PACIFIC"
        | "EASTERN_US"
        | "EUROPE_CENTRAL_2"
        | "EUROPE_NORTH_1"
        | "EUROPE_WEST_2"
        | "EUROPE_WEST_3"
        | "EUROPE_WEST_4"
        | "EUROPE_WEST_6"
        | "EUROPE_WEST_10"
        | "EUROPE_WEST_12"
        | "MIDDLE_EAST_CENTRAL_1"
        | "MIDDLE_EAST_CENTRAL_2"
        | "MIDDLE_EAST_WEST_1"
        | "NORTH_AMERICA_NORTHEAST_1"
        | "NORTH_AMERICA_NORTHEAST_2"
        | "NORTH_AMERICA_SOUTH_1"
        | "NORTHEASTERN_ASIA_PACIFIC"
        | "SOUTH_AMERICA_EAST_1"
        | "SOUTH_AMERICA_WEST_1"
        | "SOUTHEASTERN_ASIA_PACIFIC"
        | "US_EAST_4"
        | "US_EAST_5"
        | "US_WEST_2"
        | "US_WEST_3"
        | "US_WEST_4"
        | "US_SOUTH_1"
        | "WESTERN_EUROPE"
        | "WESTERN_US"
      )[];
      /**
       * @description Unique 24-hexadecimal digit string that identifies the network peering container.
       * @example 32b6e34b3d91647abb20e7b8
       */
      id?: $Read<string>;
      /**
       * @description Cloud service provider that serves the requested network peering containers. (enum property replaced by openapi-typescript)
       * @enum {string}
       */
      providerName: "GCP";
      /** @description Flag that indicates whether MongoDB Cloud clusters exist in the specified network peering container. */
      provisioned?: $Read<boolean>;
    };
    /**
     * GCP
     * @description Group of Network Peering connection settings.
     */
    GCPNetworkPeeringConnectionSettings: {
      /**
       * @description Unique 24-hexadecimal digit string that identifies the MongoDB Cloud network container that contains the specified network peering connection.
       * @example 32b6e34b3d91647abb20e7b8
       */
      containerId: string;
      /** @description Details of the error returned when requesting a GCP network peering resource. The resource returns `null` if the request succeeded. */
      errorMessage?: $Read<string | null>;
      /** @description Human-readable label that identifies the GCP project that contains the network that you want to peer with the MongoDB Cloud VPC. */
      gcpProjectId: string;
      /**
       * @description Unique 24-hexadecimal digit string that identifies the network peering connection.
       * @example 32b6e34b3d91647abb20e7b8
       */
      id?: $Read<string>;
      /** @description Human-readable label that identifies the network to peer with the MongoDB Cloud VPC. */
      networkName: string;
      /**
       * @description Cloud service provider that serves the requested network peering connection. (enum property replaced by openapi-typescript)
       * @enum {string}
       */
      providerName: "GCP";
      /**
       * @description State of the network peering connection at the time you made the request.
       * @enum {string}
       */
      status?: $Read<"ADDING_PEER" | "WAITING_FOR_USER" | "AVAILABLE" | "FAILED" | "DELETING">;
    };
    Link: {
      /**
       * @description Uniform Resource Locator (URL) that points another API resource to which this response has some relationship. This URL often begins with `https://cloud.mongodb.com/api/atlas`.
       * @example https://cloud.mongodb.com/api/atlas
       */
      href?: string;
      /**
       * @description Uniform Resource Locator (URL) that defines the semantic relationship between this resource and another API resource. This URL often begins with `https://cloud.mongodb.com/api/atlas`.
       * @example self
       */
      rel?: string;
    };
    /**
     * Network Peering
     * @description List of Network Peering Containers that Amazon Web Services serves.
     */
    PaginatedCloudProviderContainerView: {
      /** @description List of one or more Uniform Resource Locators (URLs) that point to API sub-resources, related API resources, or both. RFC 5988 outlines these relationships. */
      links?: $Read<components["schemas"]["Link"][]>;
      /** @description List of returned documents that MongoDB Cloud provides when completing this request. */
      results: $Read<components["schemas"]["CloudProviderContainer"][]>;
      /**
       * Format: int32
       * @description Total number of documents available. MongoDB Cloud omits this value if `includeCount` is set to `false`. The total number is an estimate and may not be exact.
       */
      totalCount?: $Read<number>;
    };
    /** @description Group of Network Peering connection settings. */
    PaginatedContainerPeerView: {
      /** @description List of one or more Uniform Resource Locators (URLs) that point to API sub-resources, related API resources, or both. RFC 5988 outlines these relationships. */
      links?: $Read<components["schemas"]["Link"][]>;
      /** @description List of returned documents that MongoDB Cloud provides when completing this request. */
      results: $Read<components["schemas"]["BaseNetworkPeeringConnectionSettings"][]>;
      /**
       * Format: int32
       * @description Total number of documents available. MongoDB Cloud omits this value if `includeCount` is set to `false`. The total number is an estimate and may not be exact.
       */
      totalCount?: $Read<number>;
    };
    /** @description Accepted. */
    RequestAccepted: Record<string, unknown>;
  };
  responses: {
    /** @description Bad Request. */
    badRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint) No provider AWS exists.",
         *       "error": 400,
         *       "errorCode": "VALIDATION_ERROR",
         *       "reason": "Bad Request"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
    /** @description Conflict. */
    conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint) Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554",
         *       "error": 409,
         *       "errorCode": "CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK",
         *       "reason": "Conflict"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
    /** @description Forbidden. */
    forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint)",
         *       "error": 403,
         *       "errorCode": "CANNOT_CHANGE_GROUP_NAME",
         *       "reason": "Forbidden"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
    /** @description Internal Server Error. */
    internalServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint)",
         *       "error": 500,
         *       "errorCode": "UNEXPECTED_ERROR",
         *       "reason": "Internal Server Error"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
    /** @description Not Found. */
    notFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint) Cannot find resource AWS",
         *       "error": 404,
         *       "errorCode": "RESOURCE_NOT_FOUND",
         *       "reason": "Not Found"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
    /** @description Too Many Requests. */
    tooManyRequests: {
      headers: {
        "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
        "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
        "Retry-After": components["headers"]["HeaderRetryAfter"];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint)",
         *       "error": 429,
         *       "errorCode": "RATE_LIMITED",
         *       "reason": "Too Many Requests"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
    /** @description Unauthorized. */
    unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detail": "(This is just an example, the exception may not be related to this endpoint)",
         *       "error": 401,
         *       "errorCode": "NOT_ORG_GROUP_CREATOR",
         *       "reason": "Unauthorized"
         *     }
         */
        "application/json": components["schemas"]["ApiError"];
      };
    };
  };
  parameters: {
    /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
    envelope: boolean;
    /**
     * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
     *
     *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
     */
    groupId: string;
    /** @description Flag that indicates whether the response returns the total number of items (`totalCount`) in the response. */
    includeCount: boolean;
    /** @description Number of items that the response returns per page. */
    itemsPerPage: number;
    /** @description Number of the page that displays the current set of the total objects that the response returns. */
    pageNum: number;
    /** @description Flag that indicates whether the response body should be in the prettyprint format. */
    pretty: boolean;
  };
  requestBodies: never;
  headers: {
    /** @description The maximum number of requests that a user can make within a specific time window. */
    HeaderRateLimitLimit: number;
    /** @description The number of requests remaining in the current rate limit window before the limit is reached. */
    HeaderRateLimitRemaining: number;
    /** @description The minimum time you should wait, in seconds, before retrying the API request. This header might be returned for 429 or 503 error responses. */
    HeaderRetryAfter: number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listGroupContainers: {
    parameters: {
      query: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response returns the total number of items (`totalCount`) in the response. */
        includeCount?: components["parameters"]["includeCount"];
        /** @description Number of items that the response returns per page. */
        itemsPerPage?: components["parameters"]["itemsPerPage"];
        /** @description Number of the page that displays the current set of the total objects that the response returns. */
        pageNum?: components["parameters"]["pageNum"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
        /** @description Cloud service provider that serves the desired network peering containers. */
        providerName: "AWS" | "AZURE" | "GCP";
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["PaginatedCloudProviderContainerView"];
        };
      };
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  createGroupContainer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
      };
      cookie?: never;
    };
    /** @description Creates one new network peering container in the specified project. */
    requestBody: {
      content: {
        "application/vnd.atlas.2023-01-01+json": components["schemas"]["CloudProviderContainer"];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["CloudProviderContainer"];
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      409: components["responses"]["conflict"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  getGroupContainer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
        /** @description Unique 24-hexadecimal digit string that identifies the MongoDB Cloud network container. */
        containerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["CloudProviderContainer"];
        };
      };
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  deleteGroupContainer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
        /** @description Unique 24-hexadecimal digit string that identifies the MongoDB Cloud network container that you want to remove. */
        containerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": unknown;
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      409: components["responses"]["conflict"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  updateGroupContainer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
        /** @description Unique 24-hexadecimal digit string that identifies the MongoDB Cloud network container that you want to remove. */
        containerId: string;
      };
      cookie?: never;
    };
    /** @description Updates the network details and labels of one specified network peering container in the specified project. */
    requestBody: {
      content: {
        "application/vnd.atlas.2023-01-01+json": components["schemas"]["CloudProviderContainer"];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["CloudProviderContainer"];
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      409: components["responses"]["conflict"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  listGroupContainerAll: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response returns the total number of items (`totalCount`) in the response. */
        includeCount?: components["parameters"]["includeCount"];
        /** @description Number of items that the response returns per page. */
        itemsPerPage?: components["parameters"]["itemsPerPage"];
        /** @description Number of the page that displays the current set of the total objects that the response returns. */
        pageNum?: components["parameters"]["pageNum"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["PaginatedCloudProviderContainerView"];
        };
      };
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  listGroupPeers: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response returns the total number of items (`totalCount`) in the response. */
        includeCount?: components["parameters"]["includeCount"];
        /** @description Number of items that the response returns per page. */
        itemsPerPage?: components["parameters"]["itemsPerPage"];
        /** @description Number of the page that displays the current set of the total objects that the response returns. */
        pageNum?: components["parameters"]["pageNum"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
        /** @description Cloud service provider to use for this VPC peering connection. */
        providerName?: "AWS" | "AZURE" | "GCP";
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["PaginatedContainerPeerView"];
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  createGroupPeer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
      };
      cookie?: never;
    };
    /** @description Create one network peering connection. */
    requestBody: {
      content: {
        "application/vnd.atlas.2023-01-01+json": components["schemas"]["BaseNetworkPeeringConnectionSettings"];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["BaseNetworkPeeringConnectionSettings"];
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      409: components["responses"]["conflict"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  getGroupPeer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
        /** @description Unique 24-hexadecimal digit string that identifies the network peering connection that you want to retrieve. */
        peerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["BaseNetworkPeeringConnectionSettings"];
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  deleteGroupPeer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
        /** @description Unique 24-hexadecimal digit string that identifies the network peering connection that you want to delete. */
        peerId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["RequestAccepted"];
        };
      };
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      409: components["responses"]["conflict"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
  updateGroupPeer: {
    parameters: {
      query?: {
        /** @description Flag that indicates whether Application wraps the response in an `envelope` JSON object. Some API clients cannot access the HTTP response headers or status code. To remediate this, set envelope=true in the query. Endpoints that return a list of results use the results object as an envelope. Application adds the status parameter to the response body. */
        envelope?: components["parameters"]["envelope"];
        /** @description Flag that indicates whether the response body should be in the prettyprint format. */
        pretty?: components["parameters"]["pretty"];
      };
      header?: never;
      path: {
        /**
         * @description Unique 24-hexadecimal digit string that identifies your project. Use the [/groups](#tag/Projects/operation/listProjects) endpoint to retrieve all projects to which the authenticated user has access.
         *
         *     **NOTE**: Groups and projects are synonymous terms. Your group id is the same as your project id. For existing groups, your group/project id remains the same. The resource and corresponding endpoints use the term groups.
         */
        groupId: components["parameters"]["groupId"];
        /** @description Unique 24-hexadecimal digit string that identifies the network peering connection that you want to update. */
        peerId: string;
      };
      cookie?: never;
    };
    /** @description Modify one network peering connection. */
    requestBody: {
      content: {
        "application/vnd.atlas.2023-01-01+json": components["schemas"]["BaseNetworkPeeringConnectionSettings"];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          "RateLimit-Limit": components["headers"]["HeaderRateLimitLimit"];
          "RateLimit-Remaining": components["headers"]["HeaderRateLimitRemaining"];
          [name: string]: unknown;
        };
        content: {
          "application/vnd.atlas.2023-01-01+json": components["schemas"]["BaseNetworkPeeringConnectionSettings"];
        };
      };
      400: components["responses"]["badRequest"];
      401: components["responses"]["unauthorized"];
      403: components["responses"]["forbidden"];
      404: components["responses"]["notFound"];
      409: components["responses"]["conflict"];
      429: components["responses"]["tooManyRequests"];
      500: components["responses"]["internalServerError"];
    };
  };
}
