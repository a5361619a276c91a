import { operationHelpers, requiredAnswerFields, specFacts } from "../../../src/spec-facts.js";

/**
 * Every fact src/spec-facts.ts keeps, as one object: the ones the runtime reads (`specFacts`) and
 * the ones only the types and the pipeline read (`requiredAnswerFields`, `operationHelpers`), kept
 * as separate exports there so that the runtime bundle does not carry them.
 */
export const handWrittenFacts = { ...specFacts, requiredAnswerFields, operationHelpers };
export type HandWrittenFacts = typeof handWrittenFacts;
