import fp from 'fastify-plugin';
import { chromium, type Browser } from 'playwright-core';
import { ApiError } from '../external/error-handler';

declare module 'fastify' {
  interface FastifyInstance {
    /** Prints a self-contained HTML page to an A4 PDF with Chromium. */
    printPdf(html: string): Promise<Buffer>;
  }
}

export interface PdfPrinterOptions {
  /** Chromium to print with (CHROMIUM_PATH; Debian's package by default, installed in the Docker image). */
  executablePath?: string;
}

/**
 * PDFs through `playwright-core` driving the host's Chromium: the same engine a person prints the
 * HTML page with, so the PDF and the page agree. One browser, started at the first print and kept
 * (a launch costs about a second); each print gets its own context that may not fetch anything.
 */
export default fp<PdfPrinterOptions>(
  async (app, opts) => {
    const executablePath = opts.executablePath ?? '/usr/bin/chromium';
    let browser: Promise<Browser> | null = null;
    const launch = () =>
      chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });

    app.decorate('printPdf', async (html: string) => {
      browser ??= launch().catch((err: unknown) => {
        browser = null;
        app.log.warn({ err }, 'could not start Chromium to print a PDF');
        throw new ApiError(503, 'pdf_unavailable', `PDF printing needs Chromium at ${executablePath} (CHROMIUM_PATH)`);
      });
      const context = await (await browser).newContext();
      try {
        const page = await context.newPage();
        // The page is ours and self-contained: nothing may be fetched while printing it.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    });

    app.addHook('onClose', async () => {
      if (browser) await (await browser.catch(() => null))?.close();
    });
  },
  { name: 'pdf-printer' },
);
