/** This package's version; test/package/release.test.ts keeps it equal to package.json's. */
export const packageVersion = "0.1.0";
