package dev.latchkey.enduser;

import java.util.UUID;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.RedirectUrls;
import dev.latchkey.key.Environment;

/** Where a sign-in may send the browser back to: the application's redirect_urls, and its hosted sign-in page on this service. */
public final class ReturnAddresses {

    private ReturnAddresses() {
    }

    /** With {@code serviceUrl} null (links mailed while no public URL is configured), the redirect_urls only. */
    static boolean allowed(VerifiedKey key, String redirectTo, String serviceUrl) {
        return redirectTo != null && (RedirectUrls.allows(key.application().redirectUrls(), redirectTo)
                || serviceUrl != null && redirectTo.equals(serviceUrl + hostedSignIn(key.applicationId(), key.environment())));
    }

    /** The path of an application's hosted sign-in page (CONTRACT section 15). */
    public static String hostedSignIn(UUID applicationId, Environment environment) {
        return "/auth/" + applicationId + "/" + environment.wire() + "/sign-in";
    }
}
