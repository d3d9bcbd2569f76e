// Types for scripts/secrets.mjs (plain JavaScript so `npm run secrets` needs only Node).
export declare const generators: Record<string, () => string>;
export declare function generateSecrets(): Record<string, string>;
export declare function fillEnvFile(example: string, secrets: Record<string, string>): string;
