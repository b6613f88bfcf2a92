// Client-side routes under /admin: the History API, links that stay in the app (a modifier-click
// still opens a new tab), and focus moved to the new page's heading so screen readers announce it.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/admin';
const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
}

export interface Location { path: string; query: URLSearchParams }

function current(): Location {
  const path = window.location.pathname.replace(/\/+$/, '') || BASE;
  return { path: path === BASE ? '/' : path.startsWith(`${BASE}/`) ? path.slice(BASE.length) : path, query: new URLSearchParams(window.location.search) };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => { listeners.delete(update); window.removeEventListener('popstate', update); };
  }, []);
  return loc;
}

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined; 'aria-label'?: string }) {
  const { href, children, ...rest } = props;
  const full = href.startsWith('/') ? `${BASE}${href === '/' ? '' : href}` : href;
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(full);
  };
  return <a href={full} onClick={onClick} {...rest}>{children}</a>;
}

/** Moves focus to the page's h1 after a client-side navigation (not on the first load). */
export function useFocusHeading(key: string): void {
  useEffect(() => {
    if (!document.body.dataset.navigated) { document.body.dataset.navigated = '1'; return; }
    const h = document.querySelector<HTMLElement>('main h1');
    if (h) { h.tabIndex = -1; h.focus(); }
  }, [key]);
}
