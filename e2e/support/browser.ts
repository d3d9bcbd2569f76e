import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** The system Chromium (installed by apt); playwright never downloads a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const hasChromium = existsSync(chromiumPath);

export type Viewport = { width: number; height: number };

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} satisfies Record<string, Viewport>;

export type BrowserSession = {
  context: BrowserContext;
  page: Page;
  /**
   * Console errors, uncaught exceptions and 5xx answers seen so far: a clean run has none.
   * Expected 4xx answers (401 before login, a wrong password) are not errors of the app.
   */
  errors: string[];
  close(): Promise<void>;
};

const launchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

/** A fresh Chromium profile per session, so no cookie or cache leaks between tests. */
export async function openBrowser(viewport: Viewport): Promise<BrowserSession> {
  const profileDir = await mkdtemp(join(tmpdir(), "parley-e2e-"));
  const context = await chromium.launchPersistentContext(profileDir, { ...launchOptions, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors: collectErrors(page),
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for many people at once: each session is its own incognito context (cookies,
 * storage, cache), so ten users cost ten tabs' worth of memory, not ten browsers.
 */
export async function launchSharedBrowser(): Promise<{
  browser: Browser;
  openSession(viewport: Viewport): Promise<BrowserSession>;
}> {
  const browser = await chromium.launch(launchOptions);
  return {
    browser,
    async openSession(viewport) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      return { context, page, errors: collectErrors(page), close: () => context.close() };
    },
  };
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    if (response.status() >= 500) errors.push(`${response.status()} from ${response.url()}`);
  });
  return errors;
}
