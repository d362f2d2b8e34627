// The default theme in a real browser: Debian's headless Chromium, driven by playwright-core,
// over the bundled site built under a path prefix and served on loopback. See
// docs/browser-tests.md.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { PREFIX, startSite } from "./site.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

let site;
let browser;

before(async () => {
  site = await startSite();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
  site?.close();
});

/** A new page that records console errors, page errors, failed requests and error statuses.
 *  `expected` lists URLs whose error status is intended (the 404 page). */
async function openPage(t, { viewport = { width: 1280, height: 900 }, expected = [] } = {}) {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (expected.includes(m.location().url) && /status of 404/.test(m.text())) return;
    problems.push(`console: ${m.text()} (${m.location().url || page.url()})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message} (${page.url()})`));
  // ERR_ABORTED is the browser cancelling a request when the page navigates away (a favicon
  // still loading); a missing file shows up as an HTTP status below.
  page.on("requestfailed", (r) => {
    const error = r.failure()?.errorText;
    if (error !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${error}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !expected.includes(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  t.after(async () => {
    await context.close();
  });
  return {
    page,
    /** Fails the test on anything recorded so far. */
    clean() {
      assert.deepEqual(problems, [], "console errors or failed requests");
    },
  };
}

/** Runs axe-core in the page; fails on serious or critical violations. */
async function axe(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(result, [], `axe violations on ${page.url()}`);
}

async function imagesHaveAlt(page) {
  const missing = await page.$$eval("img", (imgs) =>
    imgs.filter((i) => !(i.getAttribute("alt") || "").trim()).map((i) => i.outerHTML),
  );
  assert.deepEqual(missing, [], `images without alt text on ${page.url()}`);
}

/** Checks a page a reader reached: accessible, images with alt text. */
async function checkPage(page) {
  await page.waitForLoadState("load");
  await axe(page);
  await imagesHaveAlt(page);
}

async function go(page, url) {
  const response = await page.goto(url);
  assert.equal(response.status(), 200, url);
  await checkPage(page);
}

/** Clicks `locator` and waits for the navigation to `pattern`. */
async function follow(page, locator, pattern) {
  await Promise.all([page.waitForURL(pattern), locator.click()]);
  await checkPage(page);
}

/** The column with the most articles (it has a second page at `paginate: 3`). */
async function busiestColumn(page) {
  await page.goto(site.base);
  const columns = await page.$$eval(".menu-columns a", (as) => as.map((a) => a.getAttribute("href")));
  let best = null;
  for (const href of columns) {
    const r = await page.goto(new URL(href, site.base).href);
    assert.equal(r.status(), 200);
    const pages = await page.locator(".pagination-page").count();
    if (pages > 1 && (!best || pages > best.pages)) best = { href, pages };
  }
  assert.ok(best, "some column has a second page");
  return best.href;
}

describe("reader journey", () => {
  test("home → column → page 2 → article → unit and quarter", async (t) => {
    const { page, clean } = await openPage(t);
    const column = await busiestColumn(page);
    await go(page, site.base);
    assert.equal(await page.locator("h1, .brand-title").first().isVisible(), true);
    await follow(page, page.locator(`.menu-columns a[href="${column}"]`), (u) => u.pathname === column);
    await follow(page, page.locator(".pagination a[rel=next]"), (u) => u.pathname === `${column}trang/2/`);
    assert.match(await page.locator(".pagination-status").innerText(), /Trang 2\//);
    const article = page.locator("main .card-title a").first();
    const title = (await article.innerText()).trim();
    await follow(page, article, (u) => u.pathname.startsWith(`${PREFIX}bai-viet/`));
    assert.equal((await page.locator("h1").innerText()).trim(), title);

    // Share data: Open Graph and JSON-LD NewsArticle.
    assert.equal(await page.getAttribute('meta[property="og:type"]', "content"), "article");
    assert.equal(await page.getAttribute('meta[property="og:title"]', "content"), title);
    assert.equal(await page.getAttribute('meta[property="og:url"]', "content"), page.url());
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').innerText());
    assert.equal(ld["@type"], "NewsArticle");
    assert.equal(ld.headline, title);

    const articleUrl = page.url();
    await follow(page, page.locator(".achievement-facts a[href*='/don-vi/']"), (u) =>
      u.pathname.startsWith(`${PREFIX}don-vi/`),
    );
    assert.ok(await page.locator(`main a[href="${new URL(articleUrl).pathname}"]`).count(), "unit lists the article");
    await page.goBack();
    await follow(page, page.locator(".achievement-facts a[href*='/luu-tru/']"), (u) =>
      /\/luu-tru\/\d{4}\/quy-[1-4]\/$/.test(u.pathname),
    );
    assert.match(await page.locator("h1").innerText(), /^Quý (I|II|III|IV)\/\d{4}/);
    clean();
  });

  test("every page type is accessible", async (t) => {
    const { page, clean } = await openPage(t);
    for (const path of ["luu-tru/", "don-vi/", "the/"]) {
      await go(page, site.base + path);
      const link = await page.locator("main a[href^='" + PREFIX + path + "']").first().getAttribute("href");
      await go(page, new URL(link, site.base).href);
    }
    clean();
  });
});

describe("search", () => {
  async function results(page) {
    await page.waitForFunction(() => {
      const s = document.getElementById("search-status").textContent;
      const busy = document.getElementById("search-results").getAttribute("aria-busy");
      return busy === "false" && /^(Tìm thấy \S+ bài viết|Không tìm thấy bài viết nào)$/.test(s);
    });
    const status = await page.locator("#search-status").innerText();
    const titles = await page.locator(".search-result-title a").allInnerTexts();
    return { status, titles };
  }

  /** The number in "Tìm thấy 1.234 bài viết". */
  function found(status) {
    return Number((status.match(/\d[\d.]*/) || ["0"])[0].replace(/\./g, ""));
  }

  /** Every result's title, pressing "Xem thêm kết quả" until all are shown. */
  async function allTitles(page) {
    const { status } = await results(page);
    const total = found(status);
    while (await page.locator("#search-more").isVisible()) {
      const shown = await page.locator(".search-result").count();
      await page.click("#search-more");
      await page.waitForFunction((n) => document.querySelectorAll(".search-result").length > n, shown);
    }
    await page.waitForFunction((n) => document.querySelectorAll(".search-result").length === n, total);
    return page.locator(".search-result-title a").allInnerTexts();
  }

  test("with and without diacritics, filters, URL and back button", async (t) => {
    const { page, clean } = await openPage(t);
    await go(page, site.base);
    await page.fill("#header_q", "duong");
    await Promise.all([page.waitForURL((u) => u.pathname === `${PREFIX}tim-kiem/`), page.press("#header_q", "Enter")]);
    assert.equal(new URL(page.url()).searchParams.get("q"), "duong");
    const plain = await results(page);
    assert.match(plain.status, /^Tìm thấy \d+ bài viết$/);
    assert.ok(plain.titles.length > 0);
    const plainAll = await allTitles(page);
    assert.equal(await page.inputValue("#search-input"), "duong");
    const marks = await page.locator(".search-result mark").allInnerTexts();
    assert.ok(marks.some((m) => /^(đường|dương|duong|Đường|Dương)$/i.test(m)), `marked: ${marks}`);
    const hrefs = await page.locator(".search-result-title a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.every((h) => h.startsWith(`${PREFIX}bai-viet/`)), hrefs.join());
    await checkPage(page);

    // The same word with its diacritics finds the same articles, exact spellings first.
    await page.fill("#search-input", "đường");
    await page.press("#search-input", "Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === "đường");
    const exact = await results(page);
    assert.equal(exact.status, plain.status);
    const exactAll = await allTitles(page);
    assert.ok(exactAll.length > 10, "more than one screen of results");
    assert.deepEqual([...exactAll].sort(), [...plainAll].sort());
    const first = await page.locator(".search-result").first().innerText();
    assert.match(first.toLowerCase(), /đường/);
    assert.notDeepEqual(exactAll, plainAll, "exact spellings ranked first");

    // A phrase without diacritics.
    await page.fill("#search-input", "guong dien hinh");
    await page.press("#search-input", "Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === "guong dien hinh");
    const phrase = await results(page);
    assert.match(phrase.status, /^Tìm thấy \d+ bài viết$/);

    // A filter narrows the results and goes into the URL.
    await page.fill("#search-input", "con dao");
    await page.press("#search-input", "Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === "con dao");
    const all = await results(page);
    const kind = await page.locator("#filter-kind option").nth(1).getAttribute("value");
    const kindName = await page.locator("#filter-kind option").nth(1).innerText();
    await page.selectOption("#filter-kind", kind);
    await page.waitForURL((u) => u.searchParams.get("kind") === kind);
    const filtered = await results(page);
    assert.ok(found(filtered.status) < found(all.status), `${kindName}: ${filtered.status}`);
    assert.ok(found(filtered.status) > 0, `${kindName}: ${filtered.status}`);
    await checkPage(page);

    // Back restores the previous search; a shared URL opens the same search.
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get("q") === "con dao" && !u.searchParams.get("kind"));
    assert.equal(await page.inputValue("#filter-kind"), "");
    assert.deepEqual((await results(page)).titles, all.titles);
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get("q") === "guong dien hinh");
    assert.equal(await page.inputValue("#search-input"), "guong dien hinh");
    assert.deepEqual((await results(page)).titles, phrase.titles);
    const shared = `${site.base}tim-kiem/?q=${encodeURIComponent("con dao")}&kind=${kind}`;
    await go(page, shared);
    assert.deepEqual((await results(page)).titles, filtered.titles);

    await page.fill("#search-input", "xyzzyqwv");
    await page.press("#search-input", "Enter");
    assert.equal((await results(page)).status, "Không tìm thấy bài viết nào");
    clean();
  });

  test("the search page tells readers without JavaScript", async (t) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(`${site.base}tim-kiem/`);
    assert.match(await page.locator("main").innerText(), /cần JavaScript/);
  });
});

describe("404", () => {
  test("a missing path gets the 404 page with status 404 and working links", async (t) => {
    const missing = `${site.base}khong-co/trang-nay/`;
    const { page, clean } = await openPage(t, { expected: [missing] });
    const response = await page.goto(missing);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").innerText(), "Không tìm thấy trang");
    await checkPage(page);
    await follow(page, page.locator("main a.button"), (u) => u.pathname === PREFIX);
    clean();
  });
});

describe("keyboard", () => {
  test("Tab moves a visible focus through the page", async (t) => {
    const { page, clean } = await openPage(t);
    await go(page, site.base);
    const seen = new Set();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
        return {
          id: el.outerHTML.slice(0, 80),
          visible: outline || s.boxShadow !== "none",
          onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
        };
      });
      assert.ok(focus.visible, `no visible focus style on ${focus.id}`);
      assert.ok(focus.onScreen, `focused element off screen: ${focus.id}`);
      seen.add(focus.id);
    }
    assert.ok(seen.size >= 10, "focus moves");
    // Shift+Tab goes back: focus moves to the element before.
    const focused = () => page.evaluate(() => document.activeElement.outerHTML.slice(0, 80));
    const before = await focused();
    await page.keyboard.press("Shift+Tab");
    const back = await focused();
    assert.notEqual(back, before, "Shift+Tab moves focus");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), before, "Tab after Shift+Tab returns to the same element");
    clean();
  });
});

describe("phone", () => {
  const paths = ["", "tim-kiem/?q=con+dao", "luu-tru/", "don-vi/", "the/"];

  test("360 px: no horizontal scroll, a collapsible menu, 44 px tap targets", async (t) => {
    const { page, clean } = await openPage(t, { viewport: { width: 360, height: 740 } });
    await page.goto(site.base);
    const article = await page.locator("main a[href*='/bai-viet/']").first().getAttribute("href");
    const column = await page.locator(".menu-columns a").first().getAttribute("href");
    for (const url of [...paths.map((p) => site.base + p), new URL(article, site.base).href, new URL(column, site.base).href]) {
      await go(page, url);
      if (url.includes("tim-kiem")) await page.waitForSelector(".search-result");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${url}: scrollWidth ${width}`);

      const toggle = page.locator(".menu-toggle");
      assert.ok(await toggle.isVisible(), "menu button shown");
      assert.equal(await toggle.getAttribute("aria-expanded"), "false");
      assert.equal(await page.locator(".menu-columns a").first().isVisible(), false, "menu collapsed");
      await toggle.click();
      assert.equal(await toggle.getAttribute("aria-expanded"), "true");
      assert.ok(await page.locator(".menu-columns a").first().isVisible(), "menu opens");
      const small = await page.evaluate(() =>
        [...document.querySelectorAll(".site-nav a, .site-nav button, header button, header input, .pagination a, .search-app button, .search-app select, .search-app summary")]
          .filter((el) => el.getClientRects().length)
          .map((el) => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
          .filter(([, r]) => r.height < 44 || r.width < 44)
          .map(([h, r]) => `${h} ${Math.round(r.width)}×${Math.round(r.height)}`),
      );
      assert.deepEqual(small, [], `tap targets under 44 px on ${url}`);
      const openWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(openWidth <= 360, `${url}: scrollWidth with menu open ${openWidth}`);
      await toggle.click();
      assert.equal(await page.locator(".menu-columns a").first().isVisible(), false, "menu closes");
    }
    clean();
  });
});

describe("print", () => {
  test("an article prints without navigation", async (t) => {
    const { page, clean } = await openPage(t);
    await page.goto(site.base);
    const article = await page.locator("main a[href*='/bai-viet/']").first().getAttribute("href");
    await go(page, new URL(article, site.base).href);
    await page.emulateMedia({ media: "print" });
    for (const sel of [".site-nav", ".header-search", ".breadcrumb"]) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
    }
    assert.ok(await page.locator("h1").isVisible());
    assert.ok(await page.locator(".prose").isVisible());
    const pdf = await page.pdf({ format: "A4" });
    assert.ok(pdf.length > 1000);
    clean();
  });
});

describe("valid HTML", () => {
  test("the Nu HTML Checker finds no errors on one page of each template", () => {
    const out = site.out;
    const sample = (dir) => {
      const files = execFileSync("find", [join(out, dir), "-mindepth", "2", "-name", "index.html"], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .sort();
      assert.ok(files.length, dir);
      return files[0];
    };
    const quarter = execFileSync("find", [join(out, "luu-tru"), "-path", "*quy-*", "-name", "index.html"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .sort()[0];
    const year = execFileSync("find", [join(out, "luu-tru"), "-mindepth", "2", "-maxdepth", "2", "-name", "index.html"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .sort()[0];
    const files = [
      "index.html",
      "404.html",
      "tim-kiem/index.html",
      "luu-tru/index.html",
      "don-vi/index.html",
      "the/index.html",
    ].map((f) => join(out, f));
    files.push(sample("bai-viet"), sample("chuyen-muc"), sample("don-vi"), sample("the"), quarter, year);
    const run = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "json", ...files], { encoding: "utf8" });
    assert.ok(run.status === 0 || run.status === 1, `vnu could not run: ${run.error || run.stderr}`);
    const parsed = JSON.parse(run.stderr);
    const errors = parsed.messages.map((m) => `${m.url?.replace(/^file:/, "")}:${m.lastLine}: ${m.message}`);
    assert.deepEqual(errors, [], "vnu errors");
  });
});

describe("theme", () => {
  /** Attribute texts a reader or a screen reader meets that are English, on the current page. */
  async function englishLabels(page) {
    return page.evaluate(() => {
      const english = /\b(breadcrumbs?|navigation|menu|search|close|open|home|next|previous|prev|page|pagination|logo|skip|toggle|main|footer|header|image|photo|read more|share|print|back)\b/i;
      const out = [];
      for (const el of document.querySelectorAll("[aria-label], [title], [alt], [placeholder], [aria-roledescription]")) {
        for (const name of ["aria-label", "title", "alt", "placeholder", "aria-roledescription"]) {
          const v = el.getAttribute(name);
          if (v && english.test(v)) out.push(`${name}="${v}" on ${el.outerHTML.slice(0, 60)}`);
        }
      }
      return out;
    });
  }

  test("labels, titles and alt texts are Vietnamese on every page type", async (t) => {
    const { page, clean } = await openPage(t);
    await page.goto(site.base);
    const article = await page.locator("main a[href*='/bai-viet/']").first().getAttribute("href");
    const column = await page.locator(".menu-columns a").first().getAttribute("href");
    const paths = ["", "luu-tru/", "don-vi/", "the/", "tim-kiem/", article, column];
    for (const p of paths) {
      await go(page, new URL(p, site.base).href);
      assert.deepEqual(await englishLabels(page), [], `English labels on ${page.url()}`);
      const crumb = page.locator("nav.breadcrumb");
      if (await crumb.count()) assert.equal(await crumb.getAttribute("aria-label"), "Đường dẫn");
    }
    clean();
  });

  test("a column's page does not repeat the column's name on its cards", async (t) => {
    const { page, clean } = await openPage(t);
    await page.goto(site.base);
    // The home page shows each card's column (cards of several columns).
    assert.ok((await page.locator("main .card-column").count()) > 0, "home cards name their column");
    const column = await page.locator(".menu-columns a").first().getAttribute("href");
    await go(page, new URL(column, site.base).href);
    const name = (await page.locator("h1").innerText()).trim();
    assert.ok((await page.locator("main .card").count()) > 0, "column has cards");
    const repeated = await page.locator("main .card", { hasText: name }).locator(".card-column").count();
    assert.equal(repeated, 0, `cards repeat "${name}"`);
    assert.equal(await page.locator("main .card-column").count(), 0);
    clean();
  });

  test("360 px: no line begins or ends with a dangling ·", async (t) => {
    const { page, clean } = await openPage(t, { viewport: { width: 360, height: 740 } });
    await page.goto(site.base);
    const lists = await page.$$eval(".menu-columns a", (as) => as.map((a) => a.getAttribute("href")));
    for (const href of [...lists, "luu-tru/", "the/"]) {
      await go(page, new URL(href, site.base).href);
      const dangling = await page.evaluate(() => {
        const out = [];
        const shown = (el) => el && el.getClientRects().length > 0;
        const prevShown = (el) => {
          let p = el.previousElementSibling;
          while (p && !shown(p)) p = p.previousElementSibling;
          return p;
        };
        const nextShown = (el) => {
          let n = el.nextElementSibling;
          while (n && !shown(n)) n = n.nextElementSibling;
          return n;
        };
        // Two boxes are on one line when they overlap vertically (items align on baselines).
        const sameLine = (a, b) => a.top < b.bottom && b.top < a.bottom;
        const where = (el) => `${el.parentElement.className}: ${el.parentElement.innerText.replace(/\s+/g, " ")}`;
        // Separator elements: a visible "·" shares its line with what precedes and follows it.
        for (const sep of document.querySelectorAll(".sep")) {
          if (!shown(sep) || getComputedStyle(sep).visibility === "hidden") continue;
          const r = sep.getClientRects()[0];
          const p = prevShown(sep)?.getClientRects();
          const n = nextShown(sep)?.getClientRects();
          if ((p && !sameLine(p[p.length - 1], r)) || (n && !sameLine(n[0], r))) out.push(where(sep));
        }
        // "·" drawn before an item: an item that starts a line must have its "·" cut off.
        for (const el of document.querySelectorAll("main *, footer *")) {
          if (!shown(el) || !getComputedStyle(el, "::before").content.includes("·")) continue;
          const prev = prevShown(el);
          const r = el.getBoundingClientRect();
          if (!prev || sameLine(prev.getBoundingClientRect(), r)) continue;
          const box = el.parentElement.getBoundingClientRect();
          const clip = getComputedStyle(el.parentElement).clipPath;
          const dot = parseFloat(getComputedStyle(el, "::before").width) || 0;
          // The dot sits in [r.left, r.left + dot]: it must end left of the clipped edge.
          if (!(clip !== "none" && dot > 0 && r.left + dot <= box.left + 3)) out.push(where(el));
        }
        return out;
      });
      assert.deepEqual(dangling, [], `dangling · on ${page.url()}`);
    }
    // The column page's count and feed link do wrap at 360 px: the case that dangled.
    const column = new URL(lists[0], site.base).href;
    await page.goto(column);
    const tops = await page.$$eval(".page-meta > :not(.sep)", (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.ok(new Set(tops).size > 1, `page-meta wraps at 360 px: ${tops}`);
    clean();
  });

  test("the footer shows who runs the site, and the JSON-LD names the publisher", async (t) => {
    const { page, clean } = await openPage(t);
    await page.goto(site.base);
    const footer = page.locator("footer address.footer-publisher");
    assert.ok(await footer.isVisible(), "publisher block shown");
    const text = await footer.innerText();
    for (const label of ["Cơ quan chủ quản:", "Chịu trách nhiệm nội dung:", "Địa chỉ:", "Điện thoại:", "Thư điện tử:", "Giấy phép"]) {
      assert.ok(text.includes(label), `footer lacks ${label}: ${text}`);
    }
    assert.match(await footer.locator("a[href^='tel:']").getAttribute("href"), /^tel:\+?\d+$/);
    assert.match(await footer.locator("a[href^='mailto:']").getAttribute("href"), /^mailto:\S+@\S+$/);
    await checkPage(page);
    const article = await page.locator("main a[href*='/bai-viet/']").first().getAttribute("href");
    await go(page, new URL(article, site.base).href);
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').innerText());
    assert.equal(ld.publisher["@type"], "Organization");
    assert.ok(ld.publisher.telephone && ld.publisher.email && ld.publisher.address?.streetAddress, JSON.stringify(ld.publisher));
    assert.ok(text.includes(ld.publisher.telephone));
    clean();
  });
});
