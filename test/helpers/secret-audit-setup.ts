import { afterAll, expect } from "vitest";
import { leakedSecrets } from "./secret-audit.js";

// Runs after every test file: no error or warning the file recorded may show a secret it used.
afterAll(() => {
  expect(leakedSecrets()).toEqual([]);
});
