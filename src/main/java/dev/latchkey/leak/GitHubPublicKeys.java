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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * GitHub's secret-scanning public keys (ECDSA P-256), fetched from
 * {@code LATCHKEY_GITHUB_PUBLIC_KEYS_URL} and kept. An identifier not among them fetches the
 * document again, at most once a minute, so a rotation at GitHub is picked up and unknown
 * identifiers sent by anyone cost at most one fetch a minute ({@code latchkey.github.refetch-interval}).
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

    @Inject
    ObjectMapper json;

    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
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
        if (key == null && mayFetch()) {
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
            for (Entry entry : json.readValue(answer.body(), Document.class).publicKeys()) {
                keys.put(entry.keyIdentifier(), parse(entry.key()));
            }
        } catch (Exception e) {
            LOG.warnf("Fetching GitHub's secret-scanning keys failed (%s: %s)", e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private static PublicKey parse(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
