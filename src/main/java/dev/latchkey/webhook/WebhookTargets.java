package dev.latchkey.webhook;

import dev.latchkey.http.ApiException;
import dev.latchkey.http.OutboundTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where webhooks may send ({@link OutboundTargets}): checked both when the webhook is registered
 * and before every send, unless {@code latchkey.webhook.allow-insecure-urls} is on.
 */
@ApplicationScoped
public class WebhookTargets {

    @Inject
    WebhookConfig config;

    /** The URL to store, or 400 naming {@code url}. Blocking: resolves the name. */
    public String validate(String url) {
        try {
            return resolve(url).url().toString();
        } catch (OutboundTargets.Refused e) {
            throw ApiException.invalidRequest("url: " + e.getMessage());
        }
    }

    /** The checked target of a stored URL. Blocking: resolves the name. */
    public OutboundTargets.Target resolve(String url) throws OutboundTargets.Refused {
        return OutboundTargets.resolve(url, config.allowInsecureUrls());
    }
}
