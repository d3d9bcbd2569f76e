import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Config, loadConfig } from "../../src/config.js";

/** Configuration for an in-process test server: quiet, fast, loopback only. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    WEBHOOK_MAX_BYTES: "8388608",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATA_DIR: "/nonexistent-test-data",
    // Created on the first stored file; each test server has its own.
    MEDIA_DIR: path.join(tmpdir(), `parley-test-media-${randomUUID()}`),
    SEED_SAMPLE_DATA: "true",
    SECRET_KEY: "test-secret-key-test-secret-key-0123456789",
    ...env,
  });
}
