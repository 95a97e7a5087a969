// The mails an address received from a test's Latchkey, read over IMAP from its SMTP server (GreenMail).
import assert from "node:assert/strict";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";

/** The mails an address received, parsed, read over IMAP from the service's SMTP server (GreenMail). */
export async function mailsOf(service, address, count) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new ImapFlow({ host: "127.0.0.1", port: service.imapPort, secure: false, logger: false,
      auth: { user: address, pass: "unused" } });
    await client.connect();
    const received = [];
    const lock = await client.getMailboxLock("INBOX");
    try {
      if (client.mailbox.exists > 0) {
        for await (const message of client.fetch("1:*", { source: true })) received.push(await simpleParser(message.source));
      }
    } finally {
      lock.release();
      await client.logout();
    }
    if (received.length >= count || Date.now() > deadline) {
      assert.ok(received.length >= count, `${address} received ${received.length} mails, expected ${count}`);
      return received;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The Latchkey link a mail carries. */
export const linkIn = (mail) => mail.text.match(/https?:\/\/\S+latchkey_token=\S+/)[0];
