// Headless Chromium (Debian's) driven by playwright-core, with the flags that work on a
// machine without a GPU or a network: WebGL through SwiftShader, no background traffic.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.TIDE_CHROMIUM ?? '/usr/bin/chromium';

/** Launches Chromium; returns {browser, close} (close also removes the profile folder). */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'tide-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic'],
    viewport: { width: 1280, height: 720 },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
