import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';

const XSS_TITLE = '<img src=x onerror=alert(1)>';
const WIRE_STORY = '极地考察船雪龙号今天从上海启航，执行第四十一次南极考察任务，考察队将在南极开展海洋、大气和冰川等多学科综合调查，预计明年四月返回国内。';

/** A news site on another origin that embeds the search box served by jiansuo at `jiansuo`. */
function embeddingPage(jiansuo: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某新闻网</title>
<script type="module" src="${jiansuo}/widget.js"></script>
<style>body { margin: 24px; font-family: serif; } jiansuo-search { --jiansuo-accent: #0a5cad; }</style></head>
<body><h1>某新闻网</h1><jiansuo-search label="搜索本站新闻" limit="5"></jiansuo-search><p>今日要闻……</p></body></html>`;
}

let server: Server;
let site: Server;
let siteBase: string;
let browser: Browser;
let page: Page;
let base: string;
const dialogs: string[] = [];

beforeAll(async () => {
  const articles = await sampleArticles();
  const index = buildIndex([
    ...articles,
    { id: 'rural-1', title: '乡村振兴：县域金融服务下沉到村', date: '2023-08-08T09:00:00+08:00', categories: ['policy'], tags: ['乡村'], url: null, text: '多地推动乡村振兴，金融机构把网点和服务下沉到乡村，支持乡村产业发展。' },
    { id: 'wire-1', title: '雪龙号启航执行南极考察', date: '2024-11-01T09:00:00+08:00', categories: ['science'], tags: ['极地'], url: null, text: WIRE_STORY },
    { id: 'wire-2', title: '第四十一次南极考察出发', date: '2024-11-01T11:00:00+08:00', categories: ['science'], tags: ['极地'], url: null, text: WIRE_STORY },
    { id: 'xss-1', title: XSS_TITLE, date: '2024-09-30T10:00:00+08:00', categories: ['policy'], tags: ['法规'], url: null, text: '这篇稿件的标题是一段HTML，脚本测试专用。' },
  ]);
  site = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(embeddingPage(base))).listen(0, '127.0.0.1');
  await new Promise((resolve) => site.once('listening', resolve));
  siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  server = createApp({ index, config: testConfig({ corsOrigins: [siteBase] }) }).listen(0, '127.0.0.1');
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
  await new Promise((resolve) => site?.close(resolve));
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

  it('links to the CSV export of the current query and filters, hidden when nothing matches', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('海通证券')}&category=hkstocks&sort=date`);
    await page.locator('#status[data-total="1"]').waitFor();
    const href = await page.locator('#export:not([hidden])').getAttribute('href');
    expect(href).toBe(`/api/export?${new URLSearchParams({ q: '海通证券', format: 'csv', category: 'hkstocks', sort: 'date' })}`);
    const csv = await page.evaluate((url) => fetch(url).then((res) => res.text()), href as string);
    expect(csv.split('\r\n')[1]).toMatch(/^2024-09-06-202409063160830042,/);
    await page.goto(`${base}/?q=${encodeURIComponent('"无此文章qq"')}`);
    await page.locator('#status[data-total="0"]').waitFor();
    expect(await page.locator('#export').isHidden()).toBe(true);
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

describe('search page with wire copies', () => {
  it('shows one hit with 另有 1 篇相似报道 and the total of both when two copies of a story match', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('雪龙号')}`);
    await page.waitForSelector('#results li.hit');
    expect(await page.locator('#status').getAttribute('data-total')).toBe('2');
    expect(await resultIds()).toEqual(['wire-1']);
    expect(await page.locator('#results li.hit .similar').textContent()).toBe('另有 1 篇相似报道');
    expect(await page.locator('#results li.hit .similar').getAttribute('title')).toBe('wire-2');
  });
});

describe('search page timeline', () => {
  const barStyles = (): Promise<Record<string, string | null>> =>
    page.locator('#timeline .bar:not(.empty)').evaluateAll((bars) => Object.fromEntries(bars.map((bar) => [bar.getAttribute('data-month'), bar.getAttribute('style')])));

  it('shows each month count in the bar title and filters to the month on click, clearing it on a second click', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('海通证券')}`);
    const march = page.locator('#timeline .bar[data-month="2022-03"]');
    await march.hover();
    expect(await march.getAttribute('title')).toBe('2022-03：2 条');
    await march.click();
    await page.locator('#status[data-total="2"]').waitFor();
    await page.locator('#timeline .bar.active[data-month="2022-03"]').waitFor();
    expect(await page.locator('#timeline .bar:not(.empty)').count()).toBe(4);
    expect(await march.getAttribute('title')).toBe('2022-03：2 条（再次点击取消筛选）');
    await march.click();
    await page.locator('#status[data-total="6"]').waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([null, null]);
    expect(await page.locator('#timeline .bar.active').count()).toBe(0);
  });

  it('switches the bars from counts to the share of the month articles that match, and back', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('海通证券')}`);
    await page.locator('#timeline[data-scale="count"] .bar').first().waitFor();
    expect(await barStyles()).toEqual({ '2021-12': 'height: 30px;', '2022-03': 'height: 60px;', '2022-04': 'height: 60px;', '2024-09': 'height: 30px;' });
    await page.click('#scale-share');
    await page.locator('#timeline[data-scale="share"]').waitFor();
    expect(await barStyles()).toEqual({ '2021-12': 'height: 30px;', '2022-03': 'height: 60px;', '2022-04': 'height: 45px;', '2024-09': 'height: 45px;' });
    expect(await page.getAttribute('#timeline .bar[data-month="2022-03"]', 'title')).toBe('2022-03：2 条，占当月 3 篇的 66.7%');
    expect(await page.getAttribute('#scale-share', 'aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('scale')).toBe('share');
    await page.click('#scale-count');
    await page.locator('#timeline[data-scale="count"]').waitFor();
    expect(new URL(page.url()).searchParams.get('scale')).toBeNull();
  });
});

describe('<jiansuo-search> on another origin', () => {
  const widget = () => page.locator('jiansuo-search');

  it('suggests completions of 乡村, searches the one picked with the keyboard and shows highlighted hits', async () => {
    await page.goto(`${siteBase}/`);
    const input = widget().getByRole('combobox', { name: '搜索本站新闻' });
    await input.pressSequentially('乡村', { delay: 20 });
    await widget().locator('#suggestions [role="option"]').first().waitFor();
    expect(await widget().locator('#suggestions [role="option"]').evaluateAll((options) => options.map((option) => option.getAttribute('data-text')))).toEqual([
      '乡村振兴',
      '乡村振兴：县域金融服务下沉到村',
    ]);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await input.getAttribute('aria-controls')).toBe('suggestions');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    await input.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe('suggestion-0');
    expect(await widget().locator('#suggestion-0').getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    await widget().locator('#hits .hit').first().waitFor();
    expect(await input.inputValue()).toBe('乡村振兴');
    expect(await widget().locator('.status').textContent()).toBe('共 2 条结果');
    expect(await widget().locator('#hits .hit').evaluateAll((hits) => hits.map((hit) => hit.getAttribute('data-id')))).toEqual(['rural-1', '2022-03-31-202203311842051960']);
    expect(await widget().locator('#hits .hit mark').allTextContents()).toEqual(['乡村振兴', '乡村振兴', '乡村振兴']);
    expect(await widget().locator('#more a').getAttribute('href')).toBe(`${base}/?q=${encodeURIComponent('乡村振兴')}`);
    expect(new URL(page.url()).origin).toBe(siteBase);
  });

  it('moves through the hits with the arrow keys and closes them with Esc', async () => {
    const input = widget().locator('input[role="combobox"]');
    expect(await input.getAttribute('aria-controls')).toBe('hits');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe('hit-1');
    await input.press('Escape');
    expect(await widget().locator('.results').isHidden()).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
  });

  it('drops a suggestion reply that arrives after the reply to a longer prefix', async () => {
    await page.goto(`${siteBase}/`);
    await page.route(`${base}/api/suggest?*`, async (route) => {
      if (new URL(route.request().url()).searchParams.get('q') === '乡') await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue().catch(() => undefined);
    });
    const input = widget().locator('input[role="combobox"]');
    await input.pressSequentially('乡', { delay: 0 });
    await page.waitForTimeout(250);
    await input.pressSequentially('村', { delay: 0 });
    await widget().locator('#suggestions [role="option"]').first().waitFor();
    await page.waitForTimeout(700);
    const texts = await widget().locator('#suggestions [role="option"]').evaluateAll((options) => options.map((option) => option.getAttribute('data-text') ?? ''));
    expect(texts.every((text) => text.startsWith('乡村'))).toBe(true);
    await page.unroute(`${base}/api/suggest?*`);
  });
});
