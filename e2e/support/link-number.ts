import { createTestApp, TEST_SIMULATOR_TIMINGS, type TestApp } from "../../server/test/support/app";
import { openBrowser, type Viewport } from "./browser";
import { signIn } from "./pages";

export const PASSWORD = "parley-demo";

/**
 * A test server whose QR codes last long enough for a browser. The usual test timings end a
 * pairing attempt 1.2 s after Connect, less than a browser needs to show the code and click;
 * here codes rotate every 1.5 s, so one attempt lasts 7.5 s.
 */
export function startBrowserTestServer(): Promise<TestApp> {
  return createTestApp(
    {},
    { simulator: { timings: { ...TEST_SIMULATOR_TIMINGS, qrIntervalMs: 1_500, qrCodes: 5 } } },
  );
}

/** A fresh browser signed in as `username`, on the WhatsApp page. */
export async function openWhatsAppAs(url: string, username: string, viewport: Viewport) {
  const browser = await openBrowser(viewport);
  await browser.page.goto(`${url}/login?next=%2Fwhatsapp`);
  await signIn(browser.page, username, PASSWORD);
  await browser.page.waitForURL(`${url}/whatsapp`);
  return browser;
}

/** Signs in and links the user's number the way a person does: Connect, then the demo scan. */
export async function linkNumberAs(url: string, username: string, viewport: Viewport) {
  const browser = await openWhatsAppAs(url, username, viewport);
  // After a failed attempt antd can leave its loading icon fading inside the button ("loading Connect").
  await browser.page.getByRole("button", { name: /(^|\s)Connect$/ }).click();
  await browser.page.getByRole("button", { name: "Simulate scan" }).click();
  await browser.page.getByRole("button", { name: /Disconnect$/ }).waitFor();
  return browser;
}
