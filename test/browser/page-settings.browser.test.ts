import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { defaultLimits, defaultParameters } from '../../src/config';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';

const QUERY_LENGTH = 40;
const PREFIX_LENGTH = 2;

let server: Server;
let site: Server;
let browser: Browser;
let page: Page;
let base: string;
let siteBase: string;
const requests: URL[] = [];

async function listening(created: Server): Promise<string> {
  await new Promise((resolve) => created.once('listening', resolve));
  return `http://127.0.0.1:${(created.address() as AddressInfo).port}`;
}

/** The parameters of the requests to `path` made so far. */
function paramsOf(path: string): Record<string, string>[] {
  return requests.filter((url) => url.pathname === path).map((url) => Object.fromEntries(url.searchParams));
}

beforeAll(async () => {
  site = createServer((_req, res) =>
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><meta charset="utf-8"><script type="module" src="${base}/widget.js"></script><jiansuo-search label="搜索"></jiansuo-search>`),
  ).listen(0, '127.0.0.1');
  siteBase = await listening(site);
  const limits = { ...defaultLimits, maxQueryLength: QUERY_LENGTH, maxSuggestPrefixLength: PREFIX_LENGTH };
  server = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ corsOrigins: [siteBase], limits }) }).listen(0, '127.0.0.1');
  base = await listening(server);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('request', (req) => requests.push(new URL(req.url())));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await new Promise((resolve) => site?.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

describe('search page settings', () => {
  it('takes the query length, the page size and the suggest limits from the server, not from copies of its own', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('证券')}&page=2`);
    await page.locator('#results[data-page="2"] li.hit').first().waitFor();
    await page.locator(`#q[maxlength="${QUERY_LENGTH}"]`).waitFor();
    expect(paramsOf('/api/search')).toEqual([{ q: '证券', limit: String(defaultParameters.limit), offset: String(defaultParameters.limit), collapse: '1' }]);
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('海通证', { delay: 20 });
    await page.waitForSelector('#suggestions li');
    expect(paramsOf('/api/suggest').at(-1)).toEqual({ q: '海通', limit: String(defaultParameters.suggestions) });
  });
});

describe('<jiansuo-search> settings', () => {
  it('takes the query length and the suggest limits from the service it calls', async () => {
    await page.goto(`${siteBase}/`);
    const input = page.locator('jiansuo-search input[role="combobox"]');
    await page.locator(`jiansuo-search input[maxlength="${QUERY_LENGTH}"]`).waitFor();
    await input.pressSequentially('乡村振', { delay: 20 });
    await page.locator('jiansuo-search #suggestions [role="option"]').first().waitFor();
    expect(paramsOf('/api/suggest').at(-1)).toEqual({ q: '乡村', limit: String(defaultParameters.suggestions) });
  });
});
