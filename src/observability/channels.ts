import { channel } from "node:diagnostics_channel";

/**
 * The same events as the hooks, on `node:diagnostics_channel`, so that tracing tools
 * (OpenTelemetry instrumentations, APMs) can subscribe without a dependency on this package:
 * `atlas-peering-client:request`, `:response`, `:retry` and `:auth`. Published only while someone
 * subscribes (a `hasSubscribers` check per attempt).
 */
export const atlasChannels = {
  request: channel("atlas-peering-client:request"),
  response: channel("atlas-peering-client:response"),
  retry: channel("atlas-peering-client:retry"),
  auth: channel("atlas-peering-client:auth"),
};
