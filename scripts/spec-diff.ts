// npm run spec:diff -- <old upstream> <new upstream>: what changed in the selected fragment between two
// upstream documents (paths or URLs), for a person reviewing an update, with the suggested release.
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { cutFragment } from "./spec/cut-fragment.js";
import { diffFragments, formatChanges } from "./spec/fragment-diff.js";
import { pipelineSelection } from "./spec/layout.js";
import { readUpstream } from "./spec/read-upstream.js";

runScript("spec:diff", async (args) => {
  if (args.length !== 2)
    throw new ScriptError(
      "usage: npm run spec:diff -- <old upstream path or URL> <new upstream path or URL>",
      2,
    );
  const selection = pipelineSelection();
  const [before, after] = await Promise.all(
    args.map(async (location) => {
      const upstream = await readUpstream(location);
      return (await cutFragment(upstream.document, upstream.location, selection)).fragment;
    }),
  );
  process.stdout.write(formatChanges(diffFragments(before!, after!)));
});
