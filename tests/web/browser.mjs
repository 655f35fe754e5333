// Headless Chromium (Debian's) driven by playwright-core, with the flags that work on a
// machine without a GPU or a network: WebGL through SwiftShader, no background traffic.
// Playwright gives each launch a fresh temporary profile.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.TIDE_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'];

/** Launches headless Chromium with the flags above plus `extraArgs`; returns the Browser. */
export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraArgs] });
}
