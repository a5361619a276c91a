// npm run spec:diff -- <old upstream> <new upstream>: what changed in the peers fragment between two
// upstream documents (paths or URLs), for a person reviewing an update, with the suggested release.
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { cutPeersFragment } from "./spec/cut-peers-fragment.js";
import { diffFragments, formatChanges } from "./spec/fragment-diff.js";
import { readUpstream } from "./spec/read-upstream.js";

runScript("spec:diff", async (args) => {
  if (args.length !== 2)
    throw new ScriptError(
      "usage: npm run spec:diff -- <old upstream path or URL> <new upstream path or URL>",
      2,
    );
  const [before, after] = await Promise.all(
    args.map(async (location) => {
      const upstream = await readUpstream(location);
      return cutPeersFragment(upstream.document, upstream.location);
    }),
  );
  process.stdout.write(formatChanges(diffFragments(before!, after!)));
});
