package dev.latchkey.leak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * GitHub's secret-scanning public keys (ECDSA P-256), fetched from
 * {@code LATCHKEY_GITHUB_PUBLIC_KEYS_URL}. Exactly the keys of the last document fetched are
 * trusted: a key GitHub withdraws is dropped at the next fetch. An identifier not among them, or a
 * document older than {@code latchkey.github.keys-max-age} (default 1 h), fetches it again, at most
 * once a minute ({@code latchkey.github.refetch-interval}), so unknown identifiers sent by anyone
 * cost at most one fetch a minute. A failed fetch keeps the last document.
 */
@ApplicationScoped
public class GitHubPublicKeys {

    private static final Logger LOG = Logger.getLogger(GitHubPublicKeys.class);
    /** Made with the bean, at run time: a static client would be built into the native image's heap, which the builder refuses. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @ConfigProperty(name = "latchkey.github.public-keys-url", defaultValue = "https://api.github.com/meta/public_keys/secret_scanning")
    String url;

    /** How often an unknown identifier may fetch the document again. */
    @ConfigProperty(name = "latchkey.github.refetch-interval", defaultValue = "1m")
    Duration refetchInterval;

    /** How long a fetched document is trusted before a signature check fetches it again. */
    @ConfigProperty(name = "latchkey.github.keys-max-age", defaultValue = "1h")
    Duration maxAge;

    @Inject
    ObjectMapper json;

    /** The keys of the last document fetched, and when it was fetched. */
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile long fetchedAtNanos;
    private long lastFetchNanos;
    private boolean fetched;

    /** GitHub's document: {@code {public_keys: [{key_identifier, key, is_current}]}}. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(List<Entry> publicKeys) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String keyIdentifier, String key, Boolean isCurrent) {
    }

    /** The key with this identifier, or null when GitHub does not publish it. Blocking: may fetch. */
    public PublicKey find(String identifier) {
        PublicKey key = keys.get(identifier);
        boolean stale = System.nanoTime() - fetchedAtNanos > maxAge.toNanos();
        if ((key == null || stale) && mayFetch()) {
            fetch();
            key = keys.get(identifier);
        }
        return key;
    }

    private synchronized boolean mayFetch() {
        long now = System.nanoTime();
        if (fetched && now - lastFetchNanos < refetchInterval.toNanos()) {
            return false;
        }
        fetched = true;
        lastFetchNanos = now;
        return true;
    }

    private void fetch() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.warnf("GitHub's secret-scanning keys answered %d", answer.statusCode());
                return;
            }
            Map<String, PublicKey> published = new HashMap<>();
            for (Entry entry : json.readValue(answer.body(), Document.class).publicKeys()) {
                published.put(entry.keyIdentifier(), parse(entry.key()));
            }
            keys = Map.copyOf(published);
            fetchedAtNanos = System.nanoTime();
        } catch (Exception e) {
            LOG.warnf("Fetching GitHub's secret-scanning keys failed (%s: %s)", e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private static PublicKey parse(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
