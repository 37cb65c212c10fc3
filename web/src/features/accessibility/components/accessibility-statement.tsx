// The statement is written once, in docs/accessibility.md, and rendered to HTML at build time
// (vite.config.ts, markdownAsHtml): our own fixed document, so no user input reaches this HTML.
import html from '../../../../../docs/accessibility.md';

/** The dashboard's accessibility statement, readable signed in or not (linked from every footer). */
export default function AccessibilityStatement() {
  return (
    <article className="statement" data-testid="accessibility-statement" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
