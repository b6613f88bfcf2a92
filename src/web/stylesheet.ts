// The one stylesheet of Seatgate's own pages, served from our origin (the Content-Security-Policy
// allows no inline style). Its URL carries a hash of its content, so browsers may cache it for
// long and still never see a stale copy after an upgrade.
import { createHash } from 'node:crypto';
import { Router } from 'express';

export const STYLESHEET = `
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0b57d0;--warn-bg:#fff8c5;--warn-line:#d4a72c;--bad-bg:#ffebe9;--bad-line:#cf222e;--code-bg:#f6f8fa}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:#fff}
header.top{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.75rem 1.5rem;border-bottom:1px solid var(--line)}
header.top .brand{font-weight:600;color:var(--fg);text-decoration:none}
header.top .who{display:flex;align-items:center;gap:.75rem;font-size:.875rem;color:var(--muted)}
main{max-width:42rem;margin:2.5rem auto;padding:0 1.5rem}
main.wide{max-width:72rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
h3{font-size:1rem;margin:1.5rem 0 .5rem}
h4{font-size:.9rem;margin:1rem 0 .25rem}
a{color:var(--accent)}
.muted{color:var(--muted);font-size:.875rem}
.notice{border:1px solid var(--warn-line);background:var(--warn-bg);padding:.75rem 1rem;border-radius:6px}
.problem{border:1px solid var(--bad-line);background:var(--bad-bg);padding:.75rem 1rem;border-radius:6px}
form.inline{display:inline}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=email],input[type=text]{font:inherit;padding:.45rem .6rem;width:min(22rem,100%);border:1px solid var(--line);border-radius:6px}
button,.button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
header.top button{padding:.2rem .7rem;font-size:.875rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1.5rem}
nav.back{margin-top:2rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.875rem;display:flex;gap:1.25rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid var(--line)}
th{font-weight:600;background:var(--code-bg)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;background:var(--code-bg);border-radius:4px}
code{padding:.1rem .3rem}
pre{padding:.75rem 1rem;white-space:pre-wrap;overflow-wrap:anywhere}
.op{border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem 1rem;margin:1rem 0}
.op h3{display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
.method{font:600 .75rem ui-monospace,monospace;text-transform:uppercase;padding:.15rem .45rem;border-radius:4px;background:var(--code-bg);border:1px solid var(--line)}
.path{font-family:ui-monospace,monospace}
ul.toc{columns:2;padding-left:1.2rem}
`.trim();

const VERSION = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);

export const STYLESHEET_PATH = `/assets/seatgate-${VERSION}.css`;

export function stylesheetRoute(): Router {
  const router = Router();
  router.get(STYLESHEET_PATH, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=31536000, immutable').type('text/css').send(STYLESHEET);
  });
  return router;
}
