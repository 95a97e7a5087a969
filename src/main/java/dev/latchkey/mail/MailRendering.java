package dev.latchkey.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import dev.latchkey.http.RedirectUrls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The mails' HTML and plain-text parts, rendered by Qute from {@code templates/mail/}, in the
 * application's name, logo and primary colour. The link is the application's page with
 * {@code latchkey_token} and {@code type} added; with no page configured the mail gives the token
 * as a code to paste instead. Never a password.
 */
@ApplicationScoped
public class MailRendering {

    /** Only a colour Latchkey validated reaches the HTML; anything else falls back. */
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{3,8}");
    private static final String DEFAULT_COLOUR = "#334155";

    @Inject
    @Location("mail/link.html")
    Template html;

    @Inject
    @Location("mail/link.txt")
    Template text;

    /** The application a mail comes from: its name, logo, colour and the page its links open. */
    public record Sender(String appName, String logoUrl, String primaryColor, String page) {
    }

    public record Rendered(String subject, String html, String text) {
    }

    Rendered render(MailPurpose purpose, Sender sender, String token) {
        String link = sender.page() == null ? null : RedirectUrls.withParameters(sender.page(),
                "latchkey_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&type=" + purpose.wire());
        String colour = sender.primaryColor() != null && COLOUR.matcher(sender.primaryColor()).matches()
                ? sender.primaryColor() : DEFAULT_COLOUR;
        String subject = switch (purpose) {
            case VERIFY -> "Confirm your e-mail for " + sender.appName();
            case RESET -> "Reset your " + sender.appName() + " password";
            case MAGIC_LINK -> "Your sign-in link for " + sender.appName();
        };
        String lifetime = purpose.lifetime().toHours() >= 1 ? purpose.lifetime().toHours() + (purpose.lifetime().toHours() == 1
                ? " hour" : " hours") : purpose.lifetime().toMinutes() + " minutes";
        var data = java.util.Map.<String, Object>of("purpose", purpose.wire(), "appName", sender.appName(),
                "logoUrl", sender.logoUrl() == null ? "" : sender.logoUrl(), "colour", colour, "link", link == null ? "" : link,
                "token", token, "lifetime", lifetime, "subject", subject);
        return new Rendered(subject, html.data(data).render(), text.data(data).render());
    }
}
