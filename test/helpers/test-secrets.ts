import { registerSecretHolder } from "../../src/errors/redaction.js";

/**
 * Secrets a test sets for the redactor, as a client's authenticator would hold them: every
 * redaction (errors, log lines, warnings) covers them while they are set.
 */
const holder = { current: [] as string[], secrets: (): string[] => holder.current };
registerSecretHolder(holder);

export function setTestSecrets(secrets: string[]): void {
  holder.current = secrets;
}
