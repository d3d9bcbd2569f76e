import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const screenshotDir = new URL("../screenshots/", import.meta.url).pathname;

/** A full-page picture in e2e/screenshots/, taken once animations have settled. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  // Let drawers and menus finish sliding in, so the picture shows what a user sees. Endless
  // animations (spinners, skeleton shimmer) never settle and are not waited for.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== "running" || animation.effect?.getComputedTiming().iterations === Infinity,
      ),
  );
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}

export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Fills in the login form that is on screen and submits it. */
export async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
