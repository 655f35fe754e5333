// Headless Chromium (Debian's) driven by playwright-core, with the flags that work on a
// machine without a GPU or a network: WebGL through SwiftShader, no background traffic.
// Playwright gives each launch a fresh temporary profile.
import { readdirSync, readFileSync } from 'node:fs';

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.TIDE_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic'];

/** Launches headless Chromium with the flags above plus `extraArgs`; returns the Browser. */
export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraArgs] });
}

/** Process ids of every descendant of `root` (the browser this process launched, its helpers). */
function descendants(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent id is the 4th field, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch { /* gone meanwhile */ }
  }
  const out = [];
  const stack = [root];
  while (stack.length) for (const c of children.get(stack.pop()) ?? []) { out.push(c); stack.push(c); }
  return out;
}

/** {pss, rss} in MB summed over the processes of the browsers this process launched (Linux /proc):
 *  PSS splits shared pages among the processes sharing them, RSS counts them in each. */
export function browserMemory() {
  let pss = 0, rss = 0;
  for (const pid of descendants(process.pid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch { /* gone meanwhile, or not ours to read */ }
  }
  return { pss: pss / 1024, rss: rss / 1024 };
}
