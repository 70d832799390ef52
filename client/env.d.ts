/**
 * @module client/env
 * Module shapes that Vite provides at build time.
 */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
