import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from '../notifications.settings';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Port: sends one email. */
export abstract class MailSender {
  abstract send(mail: OutgoingMail): Promise<void>;
}

@Injectable()
export class SmtpMailSender extends MailSender implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(NOTIFICATIONS_SETTINGS) private readonly settings: NotificationsSettings) {
    super();
    this.transport = createTransport(settings.SMTP_URL);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.settings.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
