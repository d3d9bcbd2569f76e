import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fillEnvFile, generateSecrets } from "../scripts/secrets.mjs";
import { ENV_VARIABLES, loadConfig } from "../server/src/config.js";
import { openDatabase } from "../server/src/db/database.js";
import { migrateToLatest } from "../server/src/db/migrate.js";
import { adminQuery, withDatabase } from "../server/test/global-setup.js";

/**
 * The Compose file, the Dockerfiles and the Postgres init script, checked without a Docker engine:
 * the files are parsed and the parts that can run here (the init script, the config) are run.
 */

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");

// --- .env and Compose interpolation ---------------------------------------------------------

/** NAME=value lines of an env file (comments and blanks skipped). */
function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1] as string, match[2] as string]),
  );
}

/** ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; `$$` is a literal `$`. */
const VARIABLE = /\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g;

function variablesIn(text: string): Set<string> {
  return new Set([...text.replaceAll("$$", "").matchAll(VARIABLE)].map((match) => match[1] as string));
}

/** Compose's interpolation, strict: a required variable that is unset or empty throws. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(VARIABLE, (_whole, name: string, operator?: string, argument = "") => {
    const value = env[name];
    const missing = operator?.startsWith(":") ? !value : value === undefined;
    if (!missing) return value as string;
    if (operator?.endsWith("?")) throw new Error(`required variable ${name}: ${argument}`);
    return operator ? argument : "";
  });
}

/** A Compose file as Compose reads it: YAML first, then variables substituted in its strings. */
function loadCompose(text: string, env: Record<string, string>): ComposeFile {
  const substitute = (value: unknown): unknown => {
    if (typeof value === "string") return interpolate(value, env);
    if (Array.isArray(value)) return value.map(substitute);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, substitute(inner)]));
    return value;
  };
  return substitute(parse(text)) as ComposeFile;
}

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  labels?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  networks?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  deploy?: { replicas?: number | string };
}
interface ComposeFile {
  services: Record<string, Service>;
}

const composeText = read("docker-compose.yml");
const tlsText = read("deploy/traefik/tls.yml");
const envExampleText = read(".env.example");
const envExample = parseEnvFile(envExampleText);
/** .env.example with its secrets filled in, as `npm run secrets -- --write` leaves it. */
const filledEnv = parseEnvFile(fillEnvFile(envExampleText, generateSecrets()));
const compose = loadCompose(composeText, filledEnv);
const { services } = compose;
const running = Object.entries(services).filter(([, service]) => !service.profiles?.includes("build"));

describe("docker-compose.yml", () => {
  it("has the product's services, the sample MariaDB behind a profile and the WuzAPI build behind another", () => {
    expect(Object.keys(services).sort()).toEqual(
      ["data-feeds", "postgres", "server", "traefik", "web", "wuzapi", "wuzapi-build"].sort(),
    );
    expect(services["data-feeds"]?.profiles).toEqual(["data-feeds"]);
    expect(services["wuzapi-build"]?.profiles).toEqual(["build"]);
    expect(services.server?.deploy?.replicas).toBeDefined();
  });

  it("pins every image to a tag that is not `latest`, also when .env leaves them at their defaults", () => {
    const withDefaults = loadCompose(composeText, generateSecrets());
    for (const file of [compose, withDefaults]) {
      for (const [name, service] of Object.entries(file.services)) {
        expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
        expect(service.image, name).not.toMatch(/:latest$/);
      }
    }
    expect(envExample.WUZAPI_IMAGE).toBe("asternic/wuzapi:sha-093ac6f");
    expect(services.wuzapi?.image).toBe("asternic/wuzapi:sha-093ac6f");
    expect(services.postgres?.image).toMatch(/^postgres:\d+-alpine$/);
    expect(services.traefik?.image).toMatch(/^traefik:v3\.\d+$/);
  });

  it("publishes ports on Traefik only (WuzAPI never), and no `expose` to the host", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "traefik") expect(service.ports).toEqual(["80:80"]);
      else expect(service.ports, name).toBeUndefined();
    }
    expect(services.wuzapi?.networks).toEqual(["internal"]);
  });

  it("gives WuzAPI PostgreSQL through all five DB_* variables, JSON webhooks and its secrets from .env", () => {
    const wuzapi = services.wuzapi as Service;
    const environment = wuzapi.environment ?? {};
    for (const name of ["DB_USER", "DB_PASSWORD", "DB_NAME", "DB_HOST", "DB_PORT"])
      expect(environment[name], name).toBeTruthy();
    expect(environment).toMatchObject({
      DB_USER: "wuzapi",
      DB_NAME: "wuzapi",
      DB_HOST: "postgres",
      DB_PORT: "5432",
      WEBHOOK_FORMAT: "json",
      WUZAPI_ADMIN_TOKEN: filledEnv.WUZAPI_ADMIN_TOKEN,
      WUZAPI_GLOBAL_HMAC_KEY: filledEnv.WUZAPI_GLOBAL_HMAC_KEY,
    });
    expect(Buffer.byteLength(environment.WUZAPI_GLOBAL_ENCRYPTION_KEY ?? "")).toBe(32);
    // The password the init script gives the `wuzapi` role is the one WuzAPI logs in with.
    expect(environment.DB_PASSWORD).toBe(services.postgres?.environment?.WUZAPI_DB_PASSWORD);
    expect(wuzapi.volumes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:\/app\/dbdata$/),
        expect.stringMatching(/:\/app\/files$/),
      ]),
    );
  });

  it("has a healthcheck on every running service, and every dependency waits for health", () => {
    for (const [name, service] of running) {
      expect(service.healthcheck?.test.length, `${name} healthcheck`).toBeGreaterThan(0);
      for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
        expect(condition.condition, `${name} -> ${dependency}`).toBe("service_healthy");
        expect(services[dependency], `${name} -> ${dependency}`).toBeDefined();
      }
    }
    expect(Object.keys(services.server?.depends_on ?? {})).toEqual(
      expect.arrayContaining(["postgres", "wuzapi"]),
    );
    expect(services.postgres?.healthcheck?.test).toContain("pg_isready");
  });

  it("routes /api and /api/ws to the server ahead of / to the web app; webhooks and metrics stay internal", () => {
    const route = traefikRouter(services);
    expect(route("/")).toBe("web");
    expect(route("/chats/42")).toBe("web");
    expect(route("/assets/index-abc123.js")).toBe("web");
    expect(route("/api")).toBe("server");
    expect(route("/api/auth/me")).toBe("server");
    expect(route("/api/ws")).toBe("server");
    expect(route("/api/webhooks/wuzapi/some-secret")).not.toBe("server");
    expect(route("/api/metrics")).not.toBe("server");
    // Traefik sends requests to the port each service listens on.
    expect(services.server?.labels?.["traefik.http.services.parley-api.loadbalancer.server.port"]).toBe(
      services.server?.environment?.PORT,
    );
  });

  it("keeps Traefik's dashboard and API off", () => {
    const traefikSettings = JSON.stringify(services.traefik?.environment ?? {});
    expect(traefikSettings).not.toMatch(/TRAEFIK_API/);
    const allLabels = Object.values(services).flatMap((service) => Object.values(service.labels ?? {}));
    expect(allLabels.join("\n")).not.toMatch(/api@internal|dashboard/);
  });

  it("declares every variable it uses in .env.example, and .env.example declares nothing else", () => {
    const used = new Set([...variablesIn(composeText), ...variablesIn(tlsText)]);
    const missing = [...used].filter((name) => !(name in envExample));
    expect(missing).toEqual([]);
    const unused = Object.keys(envExample).filter((name) => !used.has(name));
    expect(unused).toEqual([]);
    // Each variable comes with a comment: the line above it, or the block it belongs to.
    const lines = envExampleText.split("\n");
    for (const [index, line] of lines.entries()) {
      if (!/^[A-Z0-9_]+=/.test(line)) continue;
      const above = lines.slice(0, index).reverse();
      const previous = above.find((candidate) => !/^[A-Z0-9_]+=/.test(candidate));
      expect(previous, line).toMatch(/^#/);
    }
  });

  it("gives the server only variables its config accepts, and a config it starts with", () => {
    const environment = services.server?.environment ?? {};
    const unknown = Object.keys(environment).filter(
      (name) => !(ENV_VARIABLES as readonly string[]).includes(name),
    );
    expect(unknown).toEqual([]);
    const config = loadConfig(environment);
    expect(config).toMatchObject({
      env: "production",
      host: "0.0.0.0",
      port: 8080,
      trustProxy: true,
      seedSampleData: false,
      wuzapi: [{ name: "default", url: "http://wuzapi:8080", adminToken: filledEnv.WUZAPI_ADMIN_TOKEN }],
      webhookBaseUrl: "http://server:8080",
      database: {
        kind: "postgres",
        url: `postgres://parley:${filledEnv.PARLEY_DB_PASSWORD}@postgres:5432/parley`,
      },
    });
  });

  it("will not start the server with the .env.example placeholders", () => {
    const placeholders = loadCompose(composeText, envExample);
    expect(() => loadConfig(placeholders.services.server?.environment)).toThrow(
      /SECRET_KEY: is a placeholder[\s\S]*WUZAPI_ADMIN_TOKEN: is a placeholder/,
    );
  });

  it("adds HTTPS on top with deploy/traefik/tls.yml: port 443, Let's Encrypt, secure cookies", () => {
    const tls = loadCompose(tlsText, {
      ...filledEnv,
      PARLEY_DOMAIN: "inbox.example.org",
      ACME_EMAIL: "ops@example.org",
    });
    expect(tls.services.traefik?.ports).toEqual(["443:443"]);
    expect(tls.services.traefik?.environment).toMatchObject({
      TRAEFIK_ENTRYPOINTS_WEBSECURE_HTTP_TLS_CERTRESOLVER: "letsencrypt",
      TRAEFIK_ENTRYPOINTS_WEBSECURE_HTTP_TLS_DOMAINS_0_MAIN: "inbox.example.org",
      TRAEFIK_CERTIFICATESRESOLVERS_LETSENCRYPT_ACME_EMAIL: "ops@example.org",
    });
    expect(tls.services.server?.environment).toMatchObject({
      COOKIE_SECURE: "true",
      PUBLIC_URL: "https://inbox.example.org",
    });
    expect(() => loadCompose(tlsText, filledEnv)).toThrow(/PARLEY_DOMAIN/);
  });
});

// --- Traefik rules ---------------------------------------------------------------------------

/** Which service Traefik sends a path to: the matching router with the highest priority. */
function traefikRouter(all: Record<string, Service>): (path: string) => string | undefined {
  const routers = Object.entries(all).flatMap(([serviceName, service]) => {
    const labels = service.labels ?? {};
    if (labels["traefik.enable"] !== "true") return [];
    return Object.entries(labels)
      .map(([key, rule]) => ({ name: /^traefik\.http\.routers\.([\w-]+)\.rule$/.exec(key)?.[1], rule }))
      .filter((router): router is { name: string; rule: string } => router.name !== undefined)
      .map(({ name, rule }) => {
        const priority = Number(labels[`traefik.http.routers.${name}.priority`]);
        expect(priority, `router ${name} has an explicit priority`).toBeGreaterThan(0);
        return { serviceName, priority, matches: compileRule(rule) };
      });
  });
  return (path) =>
    routers.filter((router) => router.matches(path)).sort((a, b) => b.priority - a.priority)[0]?.serviceName;
}

/** Traefik's rule language, the part Parley uses: Path, PathPrefix, !, &&, || and parentheses. */
function compileRule(rule: string): (path: string) => boolean {
  const tokens = rule.match(/(Path|PathPrefix)\(`[^`]*`\)|&&|\|\||!|\(|\)/g) ?? [];
  expect(tokens.join(""), `rule ${rule} uses only what the test understands`).toBe(rule.replaceAll(" ", ""));
  let position = 0;
  type Matcher = (path: string) => boolean;
  const either = (): Matcher => {
    const options = [both()];
    while (tokens[position] === "||") {
      position++;
      options.push(both());
    }
    return (path) => options.some((option) => option(path));
  };
  const both = (): Matcher => {
    const parts = [single()];
    while (tokens[position] === "&&") {
      position++;
      parts.push(single());
    }
    return (path) => parts.every((part) => part(path));
  };
  const single = (): Matcher => {
    const token = tokens[position++] ?? "";
    if (token === "!") {
      const inner = single();
      return (path) => !inner(path);
    }
    if (token === "(") {
      const inner = either();
      position++;
      return inner;
    }
    const [, kind, value = ""] = /^(\w+)\(`(.*)`\)$/.exec(token) ?? [];
    return kind === "Path" ? (path) => path === value : (path) => path.startsWith(value);
  };
  return either();
}

// --- Dockerfiles -----------------------------------------------------------------------------

interface Stage {
  image: string;
  name: string | undefined;
  lines: string[];
}

/** The stages of a Dockerfile, with `FROM ${ARG}` resolved from the ARG defaults above the first FROM. */
function dockerStages(file: string): Stage[] {
  const text = read(file).replace(/\\\n/g, " ");
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of text.split("\n").map((raw) => raw.trim())) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    const arg = /^ARG\s+(\w+)=(\S+)/.exec(line);
    if (from) {
      const image = (from[1] as string).replace(/\$\{(\w+)\}/g, (_m, name: string) => globalArgs[name] ?? "");
      stages.push({ image, name: from[2], lines: [] });
    } else if (arg && stages.length === 0) globalArgs[arg[1] as string] = arg[2] as string;
    else if (line && !line.startsWith("#")) stages.at(-1)?.lines.push(line);
  }
  return stages;
}

const nodeMajor = process.versions.node.split(".")[0];

describe("Dockerfiles", () => {
  it.each(["deploy/server/Dockerfile", "deploy/web/Dockerfile", "deploy/wuzapi/Dockerfile"])(
    "%s: multi-stage, pinned bases, runs as a non-root user",
    (file) => {
      const stages = dockerStages(file);
      expect(stages.length).toBeGreaterThanOrEqual(2);
      for (const stage of stages) {
        expect(stage.image).toMatch(/^[\w./-]+:[\w.-]+$/);
        expect(stage.image).not.toMatch(/:latest$/);
      }
      const runtime = stages.at(-1) as Stage;
      const user = runtime.lines.filter((line) => line.startsWith("USER ")).at(-1);
      expect(user).toBeDefined();
      expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
      expect(runtime.lines.some((line) => line.startsWith("HEALTHCHECK "))).toBe(true);
    },
  );

  it("server: built on the Node major the tests run on; production dependencies and compiled code only", () => {
    const stages = dockerStages("deploy/server/Dockerfile");
    for (const stage of stages)
      expect(stage.image).toMatch(new RegExp(`^node:${nodeMajor}\\.\\d+-bookworm-slim$`));
    const [build, runtime] = stages as [Stage, Stage];
    expect(build.lines.join("\n")).toMatch(/npm ci[^\n]*\n[\s\S]*npm run build -w wuzapi-sim -w server/);
    const runtimeText = runtime.lines.join("\n");
    expect(runtimeText).toMatch(/npm ci --omit=dev --workspace server/);
    expect(runtimeText).toMatch(/COPY --from=build \/src\/server\/dist server\/dist/);
    expect(runtimeText).toMatch(/COPY db\/ db\//);
    // Sources never reach the runtime image.
    expect(runtimeText).not.toMatch(/COPY (server|wuzapi-sim)\/ /);
    expect(runtimeText).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
    expect(runtimeText).toMatch(/CMD \["node", "server\/dist\/main\.js"\]/);
  });

  it("web: the SPA built with Node and served by a pinned nginx with Parley's config", () => {
    const [build, runtime] = dockerStages("deploy/web/Dockerfile") as [Stage, Stage];
    expect(build.image).toMatch(new RegExp(`^node:${nodeMajor}\\.`));
    expect(runtime.image).toBe("nginx:1.27-alpine");
    expect(runtime.lines).toContain("COPY deploy/web/nginx.conf /etc/nginx/nginx.conf");
    const nginx = read("deploy/web/nginx.conf");
    expect(nginx).toMatch(/location \/assets\/ \{[^}]*max-age=31536000, immutable/);
    expect(nginx).toMatch(/rewrite \^ \/index\.html break;/);
    expect(nginx).toMatch(/listen 8080;/);
  });

  it("wuzapi: built from the pinned upstream commit with CGO, on Debian with ffmpeg, certificates and tzdata", () => {
    const text = read("deploy/wuzapi/Dockerfile");
    const [build, runtime] = dockerStages("deploy/wuzapi/Dockerfile") as [Stage, Stage];
    expect(text).toMatch(/^ARG WUZAPI_COMMIT=093ac6fa7585d50222034f2725e4dc597af99bc8$/m);
    expect(build.image).toBe("golang:1.25-bookworm");
    expect(build.lines).toContain("ENV CGO_ENABLED=1");
    expect(runtime.image).toBe("debian:bookworm-slim");
    expect(runtime.lines.join("\n")).toMatch(/ca-certificates[\s\S]*ffmpeg[\s\S]*tzdata/);
    expect(runtime.lines.join("\n")).toMatch(/COPY --from=build \/src\/static \/app\/static/);
    expect(services["wuzapi-build"]?.build).toMatchObject({
      context: "deploy/wuzapi",
      args: { WUZAPI_COMMIT: "093ac6fa7585d50222034f2725e4dc597af99bc8" },
    });
  });

  it(".dockerignore keeps dependencies, builds, data, git and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["**/node_modules", "**/dist", "data", ".git", ".env", "e2e/screenshots"])
      expect(ignored).toContain(entry);
  });
});

// --- Secrets ---------------------------------------------------------------------------------

describe("npm run secrets", () => {
  it("fills every placeholder of .env.example with a strong value and keeps the rest", () => {
    const secrets = generateSecrets();
    const filled = fillEnvFile(envExampleText, secrets);
    expect(filled).not.toMatch(/=change-?me/i);
    expect(filled.split("\n").length).toBe(envExampleText.split("\n").length);
    expect(Buffer.byteLength(secrets.WUZAPI_GLOBAL_ENCRYPTION_KEY as string)).toBe(32);
    expect((secrets.SECRET_KEY as string).length).toBeGreaterThanOrEqual(32);
    // Passwords go into DATABASE_URL unescaped.
    for (const value of Object.values(secrets)) expect(value).toMatch(/^[\w-]+$/);
    expect(generateSecrets().SECRET_KEY).not.toBe(secrets.SECRET_KEY);
  });
});

// --- The Postgres init script, against a real server ---------------------------------------------

const serverUrl = process.env.TEST_DATABASE_URL;
const hasPsql = await promisify(execFile)("psql", ["--version"]).then(
  () => true,
  () => false,
);
const initSkipReason = !serverUrl
  ? "TEST_DATABASE_URL is not set"
  : !hasPsql
    ? "psql is not installed"
    : null;

describe.skipIf(initSkipReason !== null)(
  `deploy/postgres/init-databases.sh${initSkipReason ? ` (skipped: ${initSkipReason})` : ""}`,
  () => {
    it("creates the parley and wuzapi databases, each owned by its own role and closed to the other", async () => {
      const url = new URL(serverUrl as string);
      const suffix = randomBytes(4).toString("hex");
      const names = {
        parley: {
          database: `parley_init_${suffix}`,
          role: `parley_init_${suffix}`,
          password: randomBytes(12).toString("hex"),
        },
        wuzapi: {
          database: `wuzapi_init_${suffix}`,
          role: `wuzapi_init_${suffix}`,
          password: randomBytes(12).toString("hex"),
        },
      };
      const roleUrl = (who: keyof typeof names, database: string) => {
        const target = new URL(withDatabase(serverUrl as string, database));
        target.username = names[who].role;
        target.password = names[who].password;
        return target.toString();
      };
      try {
        await promisify(execFile)(
          "bash",
          [new URL("./postgres/init-databases.sh", import.meta.url).pathname],
          {
            env: {
              PATH: process.env.PATH,
              PGHOST: url.hostname,
              PGPORT: url.port || "5432",
              PGPASSWORD: decodeURIComponent(url.password),
              POSTGRES_USER: decodeURIComponent(url.username),
              POSTGRES_DB: url.pathname.slice(1) || "postgres",
              PARLEY_DB_NAME: names.parley.database,
              PARLEY_DB_USER: names.parley.role,
              PARLEY_DB_PASSWORD: names.parley.password,
              WUZAPI_DB_NAME: names.wuzapi.database,
              WUZAPI_DB_USER: names.wuzapi.role,
              WUZAPI_DB_PASSWORD: names.wuzapi.password,
            },
          },
        );
        const { rows } = await adminQuery(
          serverUrl as string,
          `select datname, pg_get_userbyid(datdba) as owner from pg_database where datname like '%_init_${suffix}' order by datname`,
        );
        expect(rows).toEqual([
          { datname: names.parley.database, owner: names.parley.role },
          { datname: names.wuzapi.database, owner: names.wuzapi.role },
        ]);

        // The parley role can migrate its database on its own (pg_trgm is a trusted extension).
        const parley = await openDatabase({
          kind: "postgres",
          url: roleUrl("parley", names.parley.database),
          poolSize: 1,
        });
        try {
          expect((await migrateToLatest(parley.db)).length).toBeGreaterThan(0);
        } finally {
          await parley.close();
        }
        // WuzAPI's role cannot open Parley's database.
        const intruder = new pg.Client({ connectionString: roleUrl("wuzapi", names.parley.database) });
        await expect(intruder.connect()).rejects.toThrow(/permission denied for database/);
        await intruder.end().catch(() => undefined);
      } finally {
        for (const who of ["parley", "wuzapi"] as const) {
          await adminQuery(
            serverUrl as string,
            `drop database if exists ${names[who].database} with (force)`,
          );
          await adminQuery(serverUrl as string, `drop role if exists ${names[who].role}`);
        }
      }
    });
  },
);
