// npm run check:generated: see scripts/spec/commands/check-generated.ts.
import { runScript } from "./lib/run-script.js";
import { checkGenerated } from "./spec/commands/check-generated.js";

runScript("check:generated", checkGenerated);
