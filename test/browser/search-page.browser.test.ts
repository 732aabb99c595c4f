import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';

const XSS_TITLE = '<img src=x onerror=alert(1)>';

let server: Server;
let browser: Browser;
let page: Page;
let base: string;
const dialogs: string[] = [];

beforeAll(async () => {
  const articles = await sampleArticles();
  const index = buildIndex([
    ...articles,
    { id: 'xss-1', title: XSS_TITLE, date: '2024-09-30T10:00:00+08:00', categories: ['policy'], tags: ['法规'], url: null, text: '这篇稿件的标题是一段HTML，脚本测试专用。' },
  ]);
  server = createApp({ index, config: testConfig() }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function resultIds(): Promise<string[]> {
  return page.locator('#results li.hit').evaluateAll((items) => items.map((item) => item.getAttribute('data-id') ?? ''));
}

describe('search page', () => {
  it('shows suggestions and highlighted results when 海通证券 is typed and submitted', async () => {
    await page.goto(`${base}/`);
    await page.locator('#q').pressSequentially('海通', { delay: 20 });
    await page.waitForSelector('#suggestions li');
    expect(await page.locator('#suggestions li').first().getAttribute('data-text')).toBe('海通证券');
    await page.locator('#q').fill('海通证券');
    await page.locator('#q').press('Enter');
    await page.waitForSelector('#results li.hit');
    expect(await page.locator('#status').getAttribute('data-total')).toBe('6');
    expect(await page.locator('#results li.hit').count()).toBe(6);
    expect(await page.locator('#results li.hit h2 mark').first().textContent()).toBe('海通证券');
    expect(await page.locator('#timeline .bar:not(.empty)').count()).toBe(4);
    expect(new URL(page.url()).searchParams.get('q')).toBe('海通证券');
  });

  it('filters to one category when the category select changes', async () => {
    await page.selectOption('#category', 'hkstocks');
    await page.locator('#status[data-total="1"]').waitFor();
    expect(await resultIds()).toEqual(['2024-09-06-202409063160830042']);
    expect(new URL(page.url()).searchParams.get('category')).toBe('hkstocks');
  });

  it('filters to a month when its timeline bar is clicked', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('海通证券')}`);
    await page.waitForSelector('#timeline .bar[data-month="2022-03"]');
    await page.click('#timeline .bar[data-month="2022-03"]');
    await page.locator('#status[data-total="2"]').waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['2022-03-01', '2022-03-31']);
  });

  it('shows page 2 and the same page again when the URL is reloaded', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('证券')}`);
    await page.waitForSelector('#pager a[data-page="2"]');
    const firstPage = await resultIds();
    await page.click('#pager a[data-page="2"]');
    await page.locator('#results[data-page="2"]').waitFor();
    const secondPage = await resultIds();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.reload();
    await page.locator('#results[data-page="2"] li.hit').first().waitFor();
    expect(await resultIds()).toEqual(secondPage);
    expect(await page.inputValue('#q')).toBe('证券');
  });

  it('shows a title holding HTML as text and runs none of it', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('脚本测试')}`);
    await page.waitForSelector('#results li.hit');
    expect(await page.locator('#results li.hit h2 a').textContent()).toBe(XSS_TITLE);
    expect(await page.locator('#results img').count()).toBe(0);
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('<img', { delay: 20 });
    await page.waitForSelector('#suggestions li');
    expect(await page.locator('#suggestions img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
