// The storefront and the dashboard in Debian's headless Chromium, driven by playwright-core:
//   node pages.test.mjs BASE_URL ADMIN_TOKEN SCREENSHOT_DIR
// against a node on the default demo catalogue. Exits 0 when every scenario passed; otherwise
// prints the first failure and exits 1. Run by BrowserPagesTest (engine-server) in scripts/test.sh.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, adminToken, shots] = process.argv.slice(2);
mkdirSync(shots, {recursive: true});
const origin = new URL(base).origin;
const problems = [];      // script errors, requests off the origin
const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

async function api(method, path, body, headers = {}) {
  const response = await fetch(base + path, {method, headers: {'Content-Type': 'application/json', ...headers},
    body: body ? JSON.stringify(body) : undefined});
  return {status: response.status, body: await response.json().catch(() => ({}))};
}
const adminApi = (method, path, body) => api(method, path, body, {Authorization: 'Bearer ' + adminToken});

function watch(page, name) {
  page.on('pageerror', error => problems.push(`${name}: script error: ${error.message}`));
  page.on('console', message => {
    // a refused fetch (409, 429, 410) is logged by the browser as a failed resource: an answer, not a script error
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`${name}: console error: ${message.text()}`);
    }
  });
  page.on('request', request => {
    if (new URL(request.url()).origin !== origin) problems.push(`${name}: request left the origin: ${request.url()}`);
  });
  page.on('dialog', dialog => dialog.accept());   // the dashboard's confirmations; an alert() would be XSS
  return page;
}

function check(condition, what) {
  if (!condition) throw new Error(what);
  console.log('ok - ' + what);
}

const card = (page, name) => page.locator('article.card', {has: page.locator('h2', {hasText: name})}).first();
const leftOf = async (page, name) => card(page, name).locator('.left').textContent();

async function step(what, action) {
  try { await action(); console.log('ok - ' + what); }
  catch (error) { throw new Error(`${what}: ${error.message.split('\n')[0]}`); }
}

const products = (await api('GET', '/api/v1/products')).body.products;
const bySku = sku => products.find(p => p.sku === sku);
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: flags});
try {
  const hostile = '<img src=x onerror=alert(1)>';
  check((await adminApi('PUT', '/admin/v1/products/SKU-0006', {name: hostile})).status === 200, 'a product is renamed to markup');
  check((await adminApi('PUT', '/admin/v1/products/SKU-0003', {stock: 0})).status === 200, 'a product is emptied');
  check((await adminApi('PUT', '/admin/v1/products/SKU-0004', {holdSeconds: 2})).status === 200, 'a product gets 2-second holds');

  const desktop = await browser.newContext({viewport: {width: 1280, height: 900}});
  const shop = watch(await desktop.newPage(), 'storefront');
  await shop.goto(base + '/');
  const phoneContext = await browser.newContext({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  const phone = watch(await phoneContext.newPage(), 'phone');
  await phone.goto(base + '/');

  const big = bySku('SKU-0002');
  await step('every product is shown', async () =>
    shop.locator('article.card').nth(products.length - 1).waitFor());
  check(await shop.locator('article.card').count() === products.length, `all ${products.length} products on the page`);
  const hostileCard = card(shop, hostile);
  check(await hostileCard.count() === 1 && await hostileCard.locator('img').count() === 0, 'a product name of markup shows as text');

  const before = await leftOf(shop, big.name);
  await step('a shopper reserves by clicking', async () => {
    await card(shop, big.name).getByRole('button', {name: 'Reserve ' + big.name}).click();
    await shop.locator('#hold').waitFor({state: 'visible'});
  });
  const stock = big.availability.stock;
  await step('the availability on screen drops', async () =>
    shop.waitForFunction(([name, stock]) => [...document.querySelectorAll('article.card')]
      .some(c => c.querySelector('h2').textContent === name && c.querySelector('.left').textContent === `${stock - 1} of ${stock} left`),
      [big.name, stock], {timeout: 5000}));
  check(before === `${stock} of ${stock} left`, 'it was full before');
  await step('the phone-sized window sees the change without reloading', async () =>
    phone.waitForFunction(([name, stock]) => [...document.querySelectorAll('article.card')]
      .some(c => c.querySelector('h2').textContent === name && c.querySelector('.left').textContent === `${stock - 1} of ${stock} left`),
      [big.name, stock], {timeout: 5000}));
  await shop.reload();
  await step('the live hold survives a reload', async () => shop.locator('#hold').waitFor({state: 'visible', timeout: 5000}));
  await step('the shopper confirms by clicking', async () => {
    await shop.getByRole('button', {name: 'Confirm'}).click();
    await shop.locator('#status', {hasText: 'Confirmed: order'}).waitFor({timeout: 5000});
  });
  await shop.screenshot({path: `${shots}/storefront.png`});
  await phone.screenshot({path: `${shots}/storefront-phone.png`});

  const empty = bySku('SKU-0003');
  await step('a sold-out product says sold out', async () =>
    card(shop, empty.name).locator('.state', {hasText: 'sold out'}).waitFor({timeout: 5000}));
  check(await card(shop, empty.name).getByRole('button').isDisabled(), 'and cannot be reserved');

  const short = bySku('SKU-0004');
  await step('a 2-second hold shows expired', async () => {
    await card(shop, short.name).getByRole('button').click();
    await shop.locator('#hold').waitFor({state: 'visible'});
    await shop.locator('#holdClock', {hasText: 'Hold expired'}).waitFor({timeout: 6000});
  });
  await step('and its confirm is refused in words', async () => {
    await shop.getByRole('button', {name: 'Confirm'}).click();
    await shop.locator('#status', {hasText: 'Your hold expired'}).waitFor({timeout: 5000});
  });

  const hurried = watch(await desktop.newPage(), 'hurried shopper');
  await hurried.goto(base + '/');
  await hurried.evaluate(() => { const u = document.getElementById('user'); u.value = 'hurried' + Date.now(); u.dispatchEvent(new Event('change')); });
  const many = bySku('SKU-0010');
  await step('a rate-limited click shows the wait', async () => {
    const button = card(hurried, many.name).getByRole('button');
    for (let i = 0; i < 60 && !(await hurried.locator('#status').textContent()).includes('please wait'); i++) {
      await button.click();
    }
    await hurried.locator('#status', {hasText: /please wait \d+ s/}).waitFor({timeout: 3000});
  });

  const ops = watch(await desktop.newPage(), 'dashboard');
  await ops.goto(base + '/ops');
  await step('the dashboard asks for the admin token once', async () => {
    await ops.getByLabel('Admin token').fill(adminToken);
    await ops.getByRole('button', {name: 'Open the dashboard'}).click();
    await ops.locator('#role', {hasText: 'PRIMARY'}).waitFor({timeout: 5000});
  });
  await ops.reload();
  await step('and keeps it for the session', async () => ops.locator('#role', {hasText: 'PRIMARY'}).waitFor({timeout: 5000}));
  for (let i = 0; i < 5; i++) {
    await api('POST', '/api/v1/reservations', {sku: 'SKU-0020', quantity: 1}, {'X-User-Id': 'ops-check-' + i});
    await ops.waitForTimeout(300);
  }
  await step('the dashboard shows the reservation, the journal index and latency', async () => {
    await ops.waitForFunction(() => Number(document.getElementById('journal').textContent.replace(/\D/g, '')) > 0, null, {timeout: 5000});
    await ops.waitForFunction(() => [...document.querySelectorAll('#routes tr')].some(tr =>
      tr.cells[0].textContent === 'reserve' && /\d/.test(tr.cells[2].textContent) && /\d/.test(tr.cells[3].textContent)), null, {timeout: 8000});
    await ops.waitForFunction(() => [...document.querySelectorAll('#skus tr')].some(tr =>
      tr.cells[0].textContent === 'SKU-0020' && Number(tr.cells[4].textContent) >= 5), null, {timeout: 5000});
  });
  await ops.screenshot({path: `${shots}/dashboard.png`, fullPage: true});

  const closing = bySku('SKU-0005');
  await step('closing a sale from the dashboard closes it on the storefront, live', async () => {
    await ops.locator('#closeForm input[name=sku]').fill('SKU-0005');
    await ops.getByRole('button', {name: 'Close the sale'}).click();
    await ops.locator('#answer', {hasText: '→ 200'}).waitFor({timeout: 5000});
    await card(shop, closing.name).locator('.state', {hasText: 'closed'}).waitFor({timeout: 5000});
  });

  check(problems.length === 0, 'no request left the origin and no script error occurred' +
    (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
} catch (error) {
  console.error('FAILED - ' + error.message);
  if (problems.length) console.error('also seen:\n  ' + problems.join('\n  '));
  await browser.close();
  process.exit(1);
}
await browser.close();
