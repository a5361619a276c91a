// npm run build: the whole pipeline end to end: lint the vendored fragment, check that generated/
// is fresh, then compile dist/ (ESM, CommonJS, declarations) with tsup (scripts/build-dist.ts). Stops at
// the first failure.
import { runSteps, tsxNode } from "./lib/run-steps.js";

const { failed } = runSteps(
  [
    { name: "spec lint", command: [...tsxNode, "scripts/spec-lint.ts"] },
    { name: "generated/ is fresh", command: [...tsxNode, "scripts/check-generated.ts"] },
    {
      name: "compile dist/ (tsup, then MongoDB's prose out of the declarations)",
      command: [...tsxNode, "scripts/build-dist.ts"],
    },
  ],
  { stopAtFailure: true },
);
process.exitCode = failed === 0 ? 0 : 1;
