import pino from "pino";
import { z } from "zod";
import { createSimulator } from "./index.js";

const envSchema = z.object({
  SIM_PORT: z.coerce.number().int().min(0).max(65_535).default(8081),
  SIM_HOST: z.string().min(1).default("127.0.0.1"),
  WUZAPI_ADMIN_TOKEN: z
    .string({ error: "WUZAPI_ADMIN_TOKEN is required" })
    .min(1, "WUZAPI_ADMIN_TOKEN is required"),
  // WuzAPI sends a form body unless WEBHOOK_FORMAT is exactly "json".
  WEBHOOK_FORMAT: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === "json" ? "json" : "form")),
  SIM_DATA_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    console.error(`wuzapi-sim: ${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;

const simulator = createSimulator({
  adminToken: env.WUZAPI_ADMIN_TOKEN,
  webhookFormat: env.WEBHOOK_FORMAT,
  dataFile: env.SIM_DATA_FILE,
  logger: pino({ level: env.LOG_LEVEL }),
});

const url = await simulator.listen({ port: env.SIM_PORT, host: env.SIM_HOST });
simulator.app.log.info(`WuzAPI simulator listening on ${url}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    simulator.app.log.info({ signal }, "shutting down");
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        simulator.app.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
