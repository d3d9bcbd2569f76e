import type { Logger } from "pino";
import type { WuzapiInstanceConfig } from "../../config.js";
import { createWuzapiClient, type WuzapiClient } from "./wuzapi/wuzapi-client.js";

/**
 * WuzAPI keeps every session in one process, so a large organisation runs several instances.
 * Each account is provisioned on one (stored in `wa_account.wuzapi_instance`) and always reached
 * there; new accounts go to the instance with the fewest.
 */
export function createWuzapiInstances(
  instances: readonly WuzapiInstanceConfig[],
  options: { timeoutMs: number; logger: Logger },
) {
  if (instances.length === 0) throw new Error("at least one WuzAPI instance is needed");
  const clients = new Map<string, WuzapiClient>(
    instances.map((instance) => [
      instance.name,
      createWuzapiClient({
        baseUrl: instance.url,
        adminToken: instance.adminToken,
        timeoutMs: options.timeoutMs,
        logger: options.logger.child({ module: "wuzapi", instance: instance.name }),
      }),
    ]),
  );
  const names = instances.map((instance) => instance.name);

  return {
    names,
    /** The client of a configured instance, or null when the instance is no longer configured. */
    client: (name: string): WuzapiClient | null => clients.get(name) ?? null,
    /** The instance with the fewest provisioned accounts; ties go to the one listed first. */
    leastLoaded(load: ReadonlyMap<string, number>): string {
      return names.reduce((best, name) => ((load.get(name) ?? 0) < (load.get(best) ?? 0) ? name : best));
    },
  };
}

export type WuzapiInstances = ReturnType<typeof createWuzapiInstances>;
