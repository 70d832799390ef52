/**
 * @module bench/doc-sites
 * Real multi-page sites for the storage benchmark, built offline at bench
 * time by real generators from the project's devDependencies: the JSDoc
 * default template (its stylesheets and the Open Sans web fonts it ships)
 * documenting JSDoc's own library, and the VitePress default theme (its
 * stylesheet and Inter woff2 fonts; a single-page app once loaded) rendering
 * this repository's docs/. Each is served from its own local origin with the
 * recorder put into every page, the way a customer's site embeds it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { startSiteServer, type SiteServer } from '../tests/assets/site-server.ts';

const ROOT = join(import.meta.dirname, '..');
// Under node_modules: VitePress resolves vue from the site's folder upwards.
const WORK = join(ROOT, 'node_modules', '.cache', 'bench-doc-sites');
const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export interface DocSite {
  name: string;
  /** The folder of the built site (served at `/`). */
  dir: string;
  /** Links a reader follows, as a CSS selector for the page's navigation. */
  navLinks: string;
}

function buildJsdoc(): DocSite {
  const out = join(WORK, 'jsdoc');
  rmSync(out, { recursive: true, force: true });
  const jsdoc = packageDir('jsdoc');
  execFileSync(process.execPath, [join(jsdoc, 'jsdoc.js'), '-r', join(jsdoc, 'lib'), join(jsdoc, 'README.md'), '-d', out], {
    stdio: 'ignore',
  });
  return { name: `JSDoc ${version('jsdoc')} default template (JSDoc's own API docs)`, dir: out, navLinks: 'nav a[href$=".html"]' };
}

function buildVitepress(): DocSite {
  const src = join(WORK, 'vitepress');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(join(src, '.vitepress'), { recursive: true });
  const docs = join(ROOT, 'docs');
  const pages = readdirSync(docs).filter((f) => f.endsWith('.md'));
  for (const page of pages) cpSync(join(docs, page), join(src, page));
  cpSync(join(docs, 'ARCHITECTURE.md'), join(src, 'index.md'));
  const sidebar = pages.map((p) => ({ text: p.replace(/\.md$/, ''), link: `/${p.replace(/\.md$/, '')}` }));
  // Raw HTML in the docs is prose here (Vue would compile it); links to source files are dead on purpose.
  writeFileSync(
    join(src, '.vitepress', 'config.mjs'),
    `export default ${JSON.stringify({ title: 'Cobrowse docs', ignoreDeadLinks: true, markdown: { html: false }, themeConfig: { sidebar: [{ text: 'Docs', items: sidebar }] } })};\n`,
  );
  execFileSync(process.execPath, [join(packageDir('vitepress'), 'bin', 'vitepress.js'), 'build', src], { stdio: 'ignore' });
  return {
    name: `VitePress ${version('vitepress')} default theme (this repository's docs/)`,
    dir: join(src, '.vitepress', 'dist'),
    navLinks: '.VPSidebar a.link',
  };
}

const version = (name: string) => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

/** Builds both sites (a few seconds). */
export function buildDocSites(): DocSite[] {
  mkdirSync(WORK, { recursive: true });
  return [buildJsdoc(), buildVitepress()];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves a built site on a local origin, each HTML page with the recorder
 * (`recorderHead`: the script tag; `recorderTag`: the element) put in.
 * Clean URLs (`/api` for `/api.html`) answer the page, as VitePress expects.
 */
export async function serveDocSite(site: DocSite, recorderHead: string, recorderTag: string): Promise<SiteServer> {
  const server = await startSiteServer();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  for (const file of walk(site.dir)) {
    const path = `/${relative(site.dir, file).split('\\').join('/')}`;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) !== '.html') {
      server.set(path, type, readFileSync(file));
      continue;
    }
    const html = readFileSync(file, 'utf8')
      .replace('</head>', `${recorderHead}</head>`)
      .replace(/<\/body>/, `${recorderTag}</body>`);
    server.set(path, type, html);
    if (path.endsWith('/index.html')) server.set(path.slice(0, -'index.html'.length), type, html);
    else server.set(path.slice(0, -'.html'.length), type, html);
  }
  return server;
}
