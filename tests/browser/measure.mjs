// Measures search at scale: bytes each first query downloads and how long queries take.
// Usage (see docs/search.md):
//   guong build --root BIG --base-url http://127.0.0.1:8099/guong-dien-hinh/
//   node measure.mjs BIG/output "query one" "query two" …

import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [dir, ...queries] = process.argv.slice(2);
const PREFIX = "/guong-dien-hinh/";
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname).slice(PREFIX.length);
  let file = join(dir, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    res.writeHead(404);
    return res.end();
  }
  const type = file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript" : "application/json";
  res.writeHead(200, { "content-type": type });
  res.end(readFileSync(file));
});
await new Promise((done) => server.listen(8099, "127.0.0.1", done));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

async function timed(page, q) {
  return page.evaluate(async (q) => {
    const status = document.getElementById("search-status");
    status.textContent = "";
    const input = document.getElementById("search-input");
    input.value = q;
    const t0 = performance.now();
    document.getElementById("search-form").requestSubmit();
    while (!/^(Tìm thấy|Không tìm thấy)/.test(status.textContent)) await new Promise((r) => setTimeout(r, 1));
    return { ms: performance.now() - t0, status: status.textContent };
  }, q);
}

for (const q of queries) {
  const page = await browser.newPage();
  const bytes = {};
  page.on("response", async (r) => {
    if (r.url().includes("/tim-kiem/") && r.url().endsWith(".json")) bytes[r.url()] = (await r.body()).length;
  });
  await page.goto(`http://127.0.0.1:8099${PREFIX}tim-kiem/`);
  await page.waitForSelector("#search-filters:not([hidden])");
  const first = await timed(page, q);
  await new Promise((r) => setTimeout(r, 200));
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  const again = await timed(page, q);
  console.log(
    `${JSON.stringify(q)}: ${first.status}; first query ${Math.round(total / 1024)} KiB in ${Object.keys(bytes).length} files, ` +
      `${first.ms.toFixed(1)} ms; again ${again.ms.toFixed(1)} ms`,
  );
  await page.close();
}
await browser.close();
server.close();
