/**
 * Headless Debian Chromium (`/usr/bin/chromium`, apt package `chromium`)
 * driven by playwright-core, for tests that open a page the way an operator
 * does. JavaScript is off: the status page must work without it. Screenshots
 * go to test-artifacts/ (ignored by git, kept by CI as an artifact).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './cli.js';

export const CHROMIUM = process.env.HELMSYNC_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(repoRoot, 'test-artifacts');

export async function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** Opens `url` in a fresh JavaScript-less context; the caller closes the page's context. */
export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1400, height: 700 } });
  const page = await context.newPage();
  const r = await page.goto(url, { waitUntil: 'load' });
  if (!r || r.status() !== 200) throw new Error(`GET ${url}: ${r?.status() ?? 'no response'}`);
  return page;
}

/** A full-page PNG in test-artifacts/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
