// npm run generate: see scripts/spec/commands/generate.ts.
import { runScript } from "./lib/run-script.js";
import { generate } from "./spec/commands/generate.js";

runScript("generate", generate);
