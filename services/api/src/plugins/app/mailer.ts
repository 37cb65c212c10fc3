import fp from 'fastify-plugin';
import nodemailer, { type Transporter } from 'nodemailer';

declare module 'fastify' {
  interface FastifyInstance {
    /** SMTP through nodemailer, or null when SMTP_URL is not set (sending then answers 503). */
    mailer: { transport: Transporter; from: string } | null;
  }
}

export interface MailerOptions {
  /** e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.trust.nhs.uk (SMTP_URL). */
  smtpUrl?: string;
  /** The From address (REPORT_FROM). */
  from?: string;
}

/** nodemailer: the maintained SMTP client for Node (pooling, TLS, attachments), not our own SMTP code. */
export default fp<MailerOptions>(
  async (app, opts) => {
    if (!opts.smtpUrl) {
      app.decorate('mailer', null);
      return;
    }
    // Bounded waits (nodemailer's defaults are minutes): an alert's delivery lease must outlast a send.
    const transport = nodemailer.createTransport({
      url: opts.smtpUrl,
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 40_000,
    });
    app.decorate('mailer', { transport, from: opts.from ?? 'Listening Post <listening-post@localhost>' });
    app.addHook('onClose', async () => transport.close());
  },
  { name: 'mailer' },
);
