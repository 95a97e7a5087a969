package dev.latchkey.support;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every secret key, password and token the tests send or receive, so that {@code SecretsNotLoggedTest}
 * can prove none of them was logged. A REST Assured filter (installed by {@link SuiteFilters}) collects secret keys and tokens from
 * every request (headers, bodies) and every answer; {@link #remember} is left for passwords and
 * for secrets that travel some other way (raw connections from another address).
 */
public final class MintedSecrets {

    private static final ConcurrentLinkedQueue<String> SECRETS = new ConcurrentLinkedQueue<>();
    /**
     * Secret keys of the full length (46 characters), JWTs (user, access and admin tokens), refresh
     * tokens, stream tickets, MFA challenges. TOTP secrets and recovery codes are remembered by their tests.
     */
    private static final Pattern SECRET = Pattern.compile(
            "sk_(?:live|test)_[0-9A-Za-z]{38}(?![0-9A-Za-z])|eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+|rt_[\\w-]{43}|rtt_[\\w-]{43}|mfa_[\\w-]{43}");

    private MintedSecrets() {
    }

    public static String remember(String secret) {
        if (secret != null) {
            SECRETS.add(secret);
        }
        return secret;
    }

    public static List<String> all() {
        return List.copyOf(SECRETS);
    }

    private static void collectFrom(String text) {
        if (text != null) {
            Matcher matcher = SECRET.matcher(text);
            while (matcher.find()) {
                remember(matcher.group());
            }
        }
    }

    static final class Collector implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            request.getHeaders().forEach(header -> collectFrom(header.getValue()));
            Object body = request.getBody();
            if (body != null) {
                collectFrom(body.toString());
            }
            Response answer = context.next(request, response);
            collectFrom(answer.asString());
            return answer;
        }
    }
}
