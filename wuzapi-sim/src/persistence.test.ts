import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startHarness } from "./test-support/harness.js";
import { WebhookReceiver } from "./test-support/webhook-receiver.js";

describe("persistence across a restart", () => {
  const directory = mkdtempSync(join(tmpdir(), "wuzapi-sim-"));
  const dataFile = join(directory, "users.json");
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("keeps users and paired phones; connected users reconnect and sign with their stored key", async () => {
    const key = "p".repeat(32);
    const receiver = new WebhookReceiver();
    const shared = { receiver, webhookUrl: await receiver.start() };
    const first = await startHarness({ dataFile }, shared);
    const paired = await first.pairedUser({ fields: { hmacKey: key } });
    const idle = await first.createUser();
    const firstJid = first.sim.control.user(paired.id).jid;
    await first.close();
    shared.receiver.clear();
    const stored = JSON.parse(readFileSync(dataFile, "utf8"));
    expect(stored.users.map((user: { id: string }) => user.id).sort()).toEqual([paired.id, idle.id].sort());

    const second = await startHarness({ dataFile }, shared);
    try {
      const connected = await second.receiver.waitFor(
        (event) => event.type === "Connected" && event.userID === paired.id,
      );
      expect(connected.event).toEqual({});
      const status = await second.request("GET", "/session/status", { token: paired.token });
      expect(status.json.data).toMatchObject({ connected: true, loggedIn: true, jid: firstJid });
      expect(
        (await second.request("GET", "/session/status", { token: idle.token })).json.data.connected,
      ).toBe(false);

      // After a restart reconnection the stored key signs webhooks without an hmac/config call.
      second.sim.control.inbound(paired.id, { from: "5521969863660", text: "after restart" });
      await second.receiver.waitForType("Message");
      const delivery = second.receiver.deliveries.find((candidate) => candidate.event.type === "Message");
      expect(delivery?.headers["x-hmac-signature"]).toBe(
        createHmac("sha256", key)
          .update(delivery?.body ?? "")
          .digest("hex"),
      );
    } finally {
      await second.close();
      await shared.receiver.close();
    }
  });
});
