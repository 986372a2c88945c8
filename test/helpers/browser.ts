import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). Playwright never downloads one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const TEST_OUTPUT = path.resolve(__dirname, "../../test-output");

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
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
  });
}

export function chromiumVersion(): string {
  return execFileSync(CHROMIUM, ["--version"], { encoding: "utf8" }).trim();
}

/** Every console error and uncaught page error, so a test can assert there were none. */
export function collectPageErrors(page: Page, label: string, into: string[]): void {
  page.on("console", (msg) => {
    if (msg.type() === "error") into.push(`${label} console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => into.push(`${label} pageerror: ${err.message}`));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const file = path.join(TEST_OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
