package dev.latchkey.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * What the tests' SMTP server (GreenMail, started with the other servers) received, read as a mail
 * client would: over IMAP, one mailbox per recipient. Every token found is remembered as a secret.
 */
public final class Inbox {

    public static final String IMAP_PORT_PROPERTY = "latchkey.test.imap-port";
    private static final Pattern TOKEN = Pattern.compile("latchkey_token=(lt_[A-Za-z0-9_-]{43})|code: (lt_[A-Za-z0-9_-]{43})");

    private Inbox() {
    }

    public record Received(String subject, String from, String html, String text) {

        /** The link's token: the {@code latchkey_token} parameter, or the code of a mail without a page. */
        public String token() {
            Matcher matcher = TOKEN.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no link token in the mail " + subject);
            }
            return MintedSecrets.remember(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
    }

    /** Every mail the address has received, oldest first. */
    public static List<Received> of(String address) {
        try {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", Integer.getInteger(IMAP_PORT_PROPERTY), address, "unused");
            try (store) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                List<Received> received = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    received.add(read(message));
                }
                inbox.close(false);
                return received;
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Could not read the mailbox of " + address, e);
        }
    }

    /** Waits (at most {@code within}) until the address has received {@code count} mails; all of them. */
    public static List<Received> await(String address, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<Received> received = of(address);
        while (received.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            received = of(address);
        }
        if (received.size() < count) {
            throw new AssertionError(address + " received " + received.size() + " mails, expected " + count);
        }
        return received;
    }

    private static Received read(Message message) throws MessagingException, IOException {
        String html = null;
        String text = null;
        if (message.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.getContent() instanceof Multipart nested) {
                    for (int j = 0; j < nested.getCount(); j++) {
                        BodyPart inner = nested.getBodyPart(j);
                        html = inner.isMimeType("text/html") ? (String) inner.getContent() : html;
                        text = inner.isMimeType("text/plain") ? (String) inner.getContent() : text;
                    }
                }
                html = part.isMimeType("text/html") ? (String) part.getContent() : html;
                text = part.isMimeType("text/plain") ? (String) part.getContent() : text;
            }
        }
        return new Received(message.getSubject(), message.getFrom()[0].toString(), html, text);
    }
}
