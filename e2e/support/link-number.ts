import type { Page } from "playwright-core";
import { createTestApp, TEST_SIMULATOR_TIMINGS, type TestApp } from "../../server/test/support/app";
import { type BrowserSession, openBrowser, type Viewport } from "./browser";
import { signIn } from "./pages";

export const PASSWORD = "parley-demo";

/**
 * A test server whose QR codes last long enough for a browser. The usual test timings end a
 * pairing attempt 1.2 s after Connect, less than a browser needs to show the code and click;
 * here codes rotate every 1.5 s, so one attempt lasts 7.5 s. A test may change the timings.
 */
export function startBrowserTestServer(
  timings: Partial<typeof TEST_SIMULATOR_TIMINGS> = {},
): Promise<TestApp> {
  return createTestApp(
    {},
    { simulator: { timings: { ...TEST_SIMULATOR_TIMINGS, qrIntervalMs: 1_500, qrCodes: 5, ...timings } } },
  );
}

/** Signs in through the login page, which then lands on `path` (e.g. "/chats"). */
export async function signInTo(page: Page, url: string, username: string, path: string) {
  await page.goto(`${url}/login?next=${encodeURIComponent(path)}`);
  await signIn(page, username, PASSWORD);
  await page.waitForURL(`${url}${path}`);
}

/** A fresh browser signed in as `username`, on `path`. */
export async function openSignedIn(url: string, username: string, viewport: Viewport, path: string) {
  const browser = await openBrowser(viewport);
  try {
    await signInTo(browser.page, url, username, path);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return browser;
}

/** A fresh browser signed in as `username`, on the WhatsApp page. */
export const openWhatsAppAs = (url: string, username: string, viewport: Viewport) =>
  openSignedIn(url, username, viewport, "/whatsapp");

/** On the WhatsApp page: links the number the way a person does, Connect then the demo scan. */
export async function linkNumber(page: Page) {
  // After a failed attempt antd can leave its loading icon fading inside the button ("loading Connect").
  await page.getByRole("button", { name: /(^|\s)Connect$/ }).click();
  await page.getByRole("button", { name: "Simulate scan" }).click();
  await page.getByRole("button", { name: /Disconnect$/ }).waitFor();
}

/** Signs in and links the user's number. */
export async function linkNumberAs(
  url: string,
  username: string,
  viewport: Viewport,
): Promise<BrowserSession> {
  const browser = await openWhatsAppAs(url, username, viewport);
  await linkNumber(browser.page);
  return browser;
}
