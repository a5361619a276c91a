// npm run spec:vendor -- <upstream path or URL>: see scripts/spec/commands/spec-vendor.ts.
import { runScript } from "./lib/run-script.js";
import { specVendor } from "./spec/commands/spec-vendor.js";

runScript("spec:vendor", specVendor);
