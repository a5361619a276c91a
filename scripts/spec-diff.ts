// npm run spec:diff -- <old upstream> <new upstream>: see scripts/spec/commands/spec-diff.ts.
import { runScript } from "./lib/run-script.js";
import { specDiff } from "./spec/commands/spec-diff.js";

runScript("spec:diff", specDiff);
