// npm run spec:update [-- <url or path>]: see scripts/spec/commands/spec-update.ts.
import { runScript } from "./lib/run-script.js";
import { specUpdate } from "./spec/commands/spec-update.js";

runScript("spec:update", specUpdate);
