// What the domain needs from outgoing mail: send one message, learn where it went. The transport
// (SMTP, or .eml files in an outbox) lives at the edge, in src/mail/.
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Links the message carries, logged when the message goes to the outbox instead of SMTP. */
  links?: string[];
}

export interface MailReceipt { via: 'smtp' | 'outbox'; id: string }

export interface Mailer { send(message: MailMessage): Promise<MailReceipt> }
