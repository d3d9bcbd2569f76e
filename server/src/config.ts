import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./lib/errors.js";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_FEEDS_URL: z
    .string()
    .regex(
      /^mysql:\/\/[^/]+\/[^/?]+/,
      "must be a mysql:// URL naming the schema (mysql://user:pass@host:3306/data_feeds)",
    )
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: booleanString.optional(),
  SECRET_KEY: z.string().min(32, "must be at least 32 characters (use `npm run secrets`)").optional(),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: booleanString.default(false),
  COOKIE_SECURE: booleanString.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  LOGIN_MAX_ATTEMPTS_PER_USER: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  SEED_SAMPLE_DATA: booleanString.optional(),
  ADMIN_USERNAME: z.string().min(3).max(64).optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  PHONE_DEFAULT_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter ISO country code such as BR or GB")
    .default("BR"),
  WEB_DIST_DIR: z.string().optional(),
  WUZAPI_URL: z.url().optional(),
  /** More WuzAPI instances for large teams: `name=url` pairs, comma-separated; they share WUZAPI_ADMIN_TOKEN. */
  WUZAPI_INSTANCES: z.string().max(4000).optional(),
  WUZAPI_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  WUZAPI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WUZAPI_HISTORY: z.coerce.number().int().min(0).max(100_000).default(500),
  WEBHOOK_BASE_URL: z.url().optional(),
  WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Days a processed webhook event is kept (for looking into a problem) before it is deleted. */
  INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Where chat media (photos, voice notes, documents) is kept; defaults to DATA_DIR/media. */
  MEDIA_DIR: z.string().min(1).optional(),
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
});

/** Every environment variable the server reads (the deployment tests check Compose against it). */
export const ENV_VARIABLES = Object.keys(envSchema.shape) as ReadonlyArray<keyof typeof envSchema.shape>;

/** Secrets a production server refuses to run with when they are placeholders or guessable. */
const PRODUCTION_SECRETS = ["SECRET_KEY", "WUZAPI_ADMIN_TOKEN", "ADMIN_PASSWORD", "METRICS_TOKEN"] as const;
/** The `.env.example` placeholders ("change-me-…") and the demo password. */
const PLACEHOLDER_SECRET = /change-?me|placeholder|example|parley-demo/i;
/** A generated secret has far more; "xxxx…" or "1234…" padded to length does not. */
const MIN_DISTINCT_CHARACTERS = 10;

function weakSecretProblem(name: string, value: string): string | null {
  if (PLACEHOLDER_SECRET.test(value))
    return `${name}: is a placeholder; set a real value (\`npm run secrets\` prints strong ones)`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS)
    return `${name}: is too easy to guess; use a random value (\`npm run secrets\`)`;
  return null;
}

const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** `WUZAPI_INSTANCES`: `name=url` pairs (the instance behind WUZAPI_URL is called "default"). */
function parseWuzapiInstances(list: string | undefined): {
  instances: Array<{ name: string; url: string }>;
  problems: string[];
} {
  const instances: Array<{ name: string; url: string }> = [];
  const problems: string[] = [];
  for (const entry of (list ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name = "", ...rest] = entry.split("=");
    const url = rest.join("=");
    if (!INSTANCE_NAME.test(name) || name === "default") {
      problems.push(
        `WUZAPI_INSTANCES: "${name}" is not a valid instance name (lowercase letters, digits, dashes; not "default")`,
      );
    } else if (!URL.canParse(url) || !/^https?:/.test(url)) {
      problems.push(`WUZAPI_INSTANCES: instance "${name}" needs an http(s) URL, as name=http://host:8080`);
    } else if (instances.some((instance) => instance.name === name)) {
      problems.push(`WUZAPI_INSTANCES: instance "${name}" is listed twice`);
    } else {
      instances.push({ name, url });
    }
  }
  return { instances, problems };
}

/** Rules across variables, checked on the raw values so they are reported alongside field errors. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === "production" && !env.SECRET_KEY)
    problems.push("SECRET_KEY: is required in production");
  if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push("ADMIN_PASSWORD: ADMIN_USERNAME and ADMIN_PASSWORD go together");
  }
  if ((env.WUZAPI_URL || env.WUZAPI_INSTANCES) && !env.WUZAPI_ADMIN_TOKEN)
    problems.push("WUZAPI_ADMIN_TOKEN: is required with WUZAPI_URL or WUZAPI_INSTANCES");
  problems.push(...parseWuzapiInstances(env.WUZAPI_INSTANCES).problems);
  if (env.NODE_ENV === "production" && !env.WUZAPI_URL && !env.WUZAPI_INSTANCES) {
    problems.push("WUZAPI_URL: is required in production (the simulator is for the demo and tests)");
  }
  if (env.NODE_ENV === "production") {
    for (const name of PRODUCTION_SECRETS) {
      const value = env[name];
      const problem = value ? weakSecretProblem(name, value) : null;
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

export type Env = z.input<typeof envSchema>;

export interface WuzapiInstanceConfig {
  name: string;
  url: string;
  adminToken: string;
}

export interface Config {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  dataDir: string;
  database: { kind: "pglite"; dataDir: string | null } | { kind: "postgres"; url: string; poolSize: number };
  /** The organisation's MySQL `data_feeds` schema holding the directory; null keeps it in Parley's database. */
  dataFeeds: { url: string } | null;
  log: { level: string; pretty: boolean };
  /** Key material for encrypting WuzAPI tokens at rest; null means "generate and keep one in DATA_DIR". */
  secretKey: string | null;
  publicUrl: string | null;
  trustProxy: boolean;
  cookieSecure: boolean;
  session: { ttlMs: number };
  login: { maxPerUser: number; maxPerIp: number; windowMs: number };
  seedSampleData: boolean;
  bootstrapAdmin: { username: string; password: string } | null;
  phoneDefaultRegion: string;
  webDistDir: string | null;
  /** The WuzAPI instances (WUZAPI_URL is "default"); empty means the embedded simulator (demo and tests). */
  wuzapi: WuzapiInstanceConfig[];
  wuzapiTimeoutMs: number;
  /** Messages per chat WuzAPI keeps in its own history store (its `history` user setting). */
  wuzapiHistory: number;
  /** Base URL WuzAPI calls our webhook on; null means "this server's own address". */
  webhookBaseUrl: string | null;
  webhookMaxBytes: number;
  /** Processed webhook events older than this are deleted. */
  inboxRetentionDays: number;
  /** Bearer token that opens GET /api/metrics to callers outside private networks; null: private only. */
  metricsToken: string | null;
  /** Chat media kept on disk; received files larger than `maxBytes` are not downloaded. */
  media: { dir: string; maxBytes: number };
}

/**
 * Parses the environment once, at boot. Every problem is reported together so an operator can fix
 * the whole `.env` in one go. `memoryDatabase` is for tests: PGlite in memory instead of DATA_DIR.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`)),
    ...crossFieldProblems(cleaned),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const production = env.NODE_ENV === "production";
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir,
    database: env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    dataFeeds: env.DATA_FEEDS_URL ? { url: env.DATA_FEEDS_URL } : null,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY ?? (!production && process.stdout.isTTY === true) },
    secretKey: env.SECRET_KEY ?? null,
    publicUrl: env.PUBLIC_URL ?? null,
    trustProxy: env.TRUST_PROXY,
    cookieSecure: env.COOKIE_SECURE ?? production,
    session: { ttlMs: env.SESSION_TTL_HOURS * 3_600_000 },
    login: {
      maxPerUser: env.LOGIN_MAX_ATTEMPTS_PER_USER,
      maxPerIp: env.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowMs: env.LOGIN_WINDOW_MINUTES * 60_000,
    },
    seedSampleData: env.SEED_SAMPLE_DATA ?? !production,
    bootstrapAdmin:
      env.ADMIN_USERNAME && env.ADMIN_PASSWORD
        ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
        : null,
    phoneDefaultRegion: env.PHONE_DEFAULT_REGION,
    webDistDir: env.WEB_DIST_DIR ? path.resolve(env.WEB_DIST_DIR) : null,
    wuzapi: env.WUZAPI_ADMIN_TOKEN
      ? [
          ...(env.WUZAPI_URL ? [{ name: "default", url: env.WUZAPI_URL }] : []),
          ...parseWuzapiInstances(env.WUZAPI_INSTANCES).instances,
        ].map((instance) => ({ ...instance, adminToken: env.WUZAPI_ADMIN_TOKEN as string }))
      : [],
    wuzapiTimeoutMs: env.WUZAPI_TIMEOUT_MS,
    wuzapiHistory: env.WUZAPI_HISTORY,
    webhookBaseUrl: env.WEBHOOK_BASE_URL ?? null,
    webhookMaxBytes: env.WEBHOOK_MAX_BYTES,
    inboxRetentionDays: env.INBOX_RETENTION_DAYS,
    metricsToken: env.METRICS_TOKEN ?? null,
    media: {
      dir: env.MEDIA_DIR ? path.resolve(env.MEDIA_DIR) : path.join(dataDir, "media"),
      maxBytes: env.MEDIA_MAX_BYTES,
    },
  };
}
