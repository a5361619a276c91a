/** `atlas-peering --help`. */
export const usage = `atlas-peering: declared network peering for MongoDB Atlas (plan, apply, next steps)

Usage:
  atlas-peering plan  --file F [--json] [--detailed-exitcode] [--prune] [--replace-failed]
  atlas-peering apply --file F [--json] [--auto-approve] [--prune] [--replace-failed] [--no-wait] [--timeout 15m]
                      [--poll-interval 10s]
  atlas-peering --help | --version

Commands:
  plan    Compare the declaration with the project; reads only. Exits 0 when nothing differs,
          2 with --detailed-exitcode when changes are pending, 1 on error findings or errors.
  apply   Plan, ask for confirmation (a terminal, or --auto-approve), make the changes, wait until
          each declared peer is AVAILABLE or waits for your step, and print the next steps.
          Exits 0 when every declared peer is AVAILABLE or waiting for you, 1 otherwise.

Options:
  -f, --file F          The declaration: .json, .yaml/.yml (needs: npm install yaml@2), .js, .mjs or .ts
      --json            One JSON document on stdout (changes[].action, findings[].severity and .code)
      --detailed-exitcode  plan: exit 2 when changes are pending
      --prune           Delete peers and containers the declaration does not name (default: list them)
      --replace-failed  Delete and create again the declared peers Atlas moved to FAILED
      --auto-approve    apply: do not ask (required without a terminal, as in CI)
      --no-wait         apply: make the changes and return without waiting for the peers
      --timeout T       apply: the deadline of the whole apply: 900s, 15m, 1h (default 15m)
      --poll-interval T apply: time between polls while waiting for peers (default 10s)
      --base-url URL    Atlas's base URL (default: MONGODB_ATLAS_BASE_URL, else https://cloud.mongodb.com)
  -h, --help            This text
  -v, --version         The version

Credentials come from the environment, as for createAtlasClient():
  MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), or
  MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys).
`;
