/**
 * @module server/static/favicon
 * The app's icon: a white ▶ on the advisor app's purple, as SVG. Served at
 * `/favicon.svg` (linked from the app) and `/favicon.ico` (asked for by every
 * page that links none, e.g. the demo shop), so neither is a console 404.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="#4f46e5"/>
<path d="M24 17 L49 32 L24 47 Z" fill="#fff"/>
</svg>
`;

export const FAVICON_PATHS = ['/favicon.svg', '/favicon.ico'] as const;
