// npm run build: the whole pipeline end to end: lint the vendored fragment, check that generated/
// is fresh, then compile dist/ (ESM, CommonJS, declarations) with tsup. Stops at the first failure.
import { runSteps, tsxNode } from "./lib/run-steps.js";

const { failed } = runSteps(
  [
    { name: "spec lint", command: [...tsxNode, "scripts/spec-lint.ts"] },
    { name: "generated/ is fresh", command: [...tsxNode, "scripts/check-generated.ts"] },
    { name: "compile dist/ (tsup)", command: [process.execPath, "node_modules/tsup/dist/cli-default.js"] },
  ],
  { stopAtFailure: true },
);
process.exitCode = failed === 0 ? 0 : 1;
