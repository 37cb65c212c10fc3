/** Markdown documents, rendered to HTML at build time (vite.config.ts, markdownAsHtml). */
declare module '*.md' {
  const html: string;
  export default html;
}
