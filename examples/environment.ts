import { createAtlasClient } from "atlas-peering-client";

// No auth option: the client reads what the Atlas CLI and the Terraform provider read.
// MONGODB_ATLAS_CLIENT_ID + MONGODB_ATLAS_CLIENT_SECRET (service account) win over
// MONGODB_ATLAS_PUBLIC_API_KEY + MONGODB_ATLAS_PRIVATE_API_KEY (API keys). Half a pair is an
// AtlasConfigurationError naming the missing variable, at creation, before any request.
const atlas = createAtlasClient();
console.log(atlas.baseUrl);
