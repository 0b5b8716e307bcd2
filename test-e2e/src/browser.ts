import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Screenshots of the browser tests: kept as test artefacts (gitignored). */
export const artifactsDirectory = fileURLToPath(new URL('../../artifacts/', import.meta.url));

const chromiumPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Debian's chromium, headless (scripts/setup.sh installs it; puppeteer-core downloads no browser). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPaths.find((candidate) => existsSync(candidate));
  if (!executablePath) throw new Error(`no chromium at ${chromiumPaths.join(' or ')}: run make setup`);
  mkdirSync(artifactsDirectory, { recursive: true });
  return puppeteer.launch({
    executablePath,
    headless: true,
    // As root (CI) chromium needs --no-sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** A page that records console errors, uncaught exceptions and failed requests, for the test to assert none. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

/** The text of every element matching `selector`, in document order. */
export function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (elements) => elements.map((e) => e.textContent ?? ''));
}
