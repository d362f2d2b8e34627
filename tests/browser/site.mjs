// Builds the bundled site into a temporary root (with `paginate: 3`, so that columns have a
// second page) under a base URL with a path prefix, and serves it on loopback the way a plain
// web host would: pretty URLs, and 404.html with status 404 for any missing path.

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");

/** The path prefix of the test site's base URL. */
export const PREFIX = "/guong-dien-hinh/";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
};

function guongBinary() {
  if (process.env.GUONG_BIN) return process.env.GUONG_BIN;
  execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: REPO, stdio: "inherit" });
  return join(REPO, "target", "release", "guong");
}

/** Copies the bundled site to a temporary root with a smaller `paginate`. */
function siteCopy() {
  const root = mkdtempSync(join(tmpdir(), "guong-browser-"));
  for (const part of ["content", "static", "themes", "templates"]) {
    if (existsSync(join(REPO, part))) cpSync(join(REPO, part), join(root, part), { recursive: true });
  }
  const yaml = readFileSync(join(REPO, "site.yaml"), "utf8").replace(/^paginate:.*$/m, "paginate: 3");
  writeFileSync(join(root, "site.yaml"), yaml);
  return root;
}

function send(res, status, file) {
  res.writeHead(status, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
}

/** Serves `dir` under PREFIX; resolves to { server, port }. */
function serve(dir) {
  const server = createServer((req, res) => {
    const notFound = () => send(res, 404, join(dir, "404.html"));
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      return notFound();
    }
    if (!path.startsWith(PREFIX)) return notFound();
    const file = normalize(join(dir, path.slice(PREFIX.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return notFound();
    if (!existsSync(file)) return notFound();
    if (statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { location: path + "/" });
        return res.end();
      }
      const index = join(file, "index.html");
      return existsSync(index) ? send(res, 200, index) : notFound();
    }
    send(res, 200, file);
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done({ server, port: server.address().port })));
}

/** Builds and serves the test site. Returns { base, out, close }. */
export async function startSite() {
  const bin = guongBinary();
  const root = siteCopy();
  const out = join(root, "output");
  const { server, port } = await serve(out);
  const base = `http://127.0.0.1:${port}${PREFIX}`;
  execFileSync(bin, ["build", "--root", root, "--base-url", base, "--output", out], { stdio: "inherit" });
  return {
    base,
    out,
    root,
    close() {
      server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
