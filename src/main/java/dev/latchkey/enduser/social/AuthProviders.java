package dev.latchkey.enduser.social;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.common.Timestamps;
import dev.latchkey.application.AuthProviderConfig;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.OutboundTargets;
import dev.latchkey.key.Environment;
import dev.latchkey.key.SecretSeal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Each environment's sign-in providers (CONTRACT section 14): {@code google}, {@code github} or
 * {@code oidc-<name>}, with a client secret that is sealed at rest and never answered.
 */
@ApplicationScoped
public class AuthProviders {

    static final Pattern NAME = Pattern.compile("^(google|github|oidc-[a-z0-9][a-z0-9-]{0,30})$");
    static final String GOOGLE_ISSUER = "https://accounts.google.com";
    private static final String SEAL_PURPOSE = "latchkey auth provider secrets v1";

    @Inject
    EntityManager entityManager;

    @Inject
    SecretSeal seal;

    @Inject
    AuthProviderConfig config;

    /** A provider as the admin API shows it: never its secret. */
    public record View(String environment, String provider, String clientId, String issuer, List<String> scopes,
            Instant createdAt, Instant updatedAt) {
    }

    /** A provider ready for a sign-in, its secret opened. */
    public record Configured(String provider, String clientId, String clientSecret, String issuer, List<String> scopes) {
        @Override
        public String toString() {
            return "Configured[" + provider + ", secret hidden]";
        }

        boolean github() {
            return provider.equals("github");
        }
    }

    /** The body of a PUT; the secret may be left out to keep the stored one. */
    public record Write(String clientId, String clientSecret, String issuer, List<String> scopes) {
        @Override
        public String toString() {
            return "Write[" + clientId + ", secret hidden]";
        }
    }

    /** Creates or replaces; answers whether it created. Blocking: checks the issuer's address. */
    boolean put(UUID applicationId, Environment environment, String provider, Write write) {
        requireName(provider);
        if (write == null || write.clientId() == null || write.clientId().isBlank() || write.clientId().length() > 500) {
            throw ApiException.invalidRequest("client_id: is required (at most 500 characters)");
        }
        String issuer = issuer(provider, write.issuer());
        List<String> scopes = scopes(provider, write.scopes());
        boolean exists = find(applicationId, environment, provider).isPresent();
        if (!exists && (write.clientSecret() == null || write.clientSecret().isBlank())) {
            throw ApiException.invalidRequest("client_secret: is required for a new provider");
        }
        if (write.clientSecret() != null && write.clientSecret().length() > 2000) {
            throw ApiException.invalidRequest("client_secret: at most 2000 characters");
        }
        String sealed = write.clientSecret() == null || write.clientSecret().isBlank() ? null : seal.seal(SEAL_PURPOSE, write.clientSecret());
        entityManager.createNativeQuery("""
                insert into auth_provider (application_id, environment, provider, client_id, client_secret, issuer, scopes,
                                           created_at, updated_at)
                values (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7, now(), now())
                on conflict (application_id, environment, provider) do update set client_id = excluded.client_id,
                    client_secret = coalesce(?5, auth_provider.client_secret), issuer = excluded.issuer,
                    scopes = excluded.scopes, updated_at = now()""")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, provider)
                .setParameter(4, write.clientId().trim()).setParameter(5, sealed).setParameter(6, issuer)
                .setParameter(7, String.join(" ", scopes)).executeUpdate();
        return !exists;
    }

    boolean delete(UUID applicationId, Environment environment, String provider) {
        return entityManager.createNativeQuery(
                "delete from auth_provider where application_id = ?1 and environment = ?2 and provider = ?3")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, provider).executeUpdate() == 1;
    }

    List<View> list(UUID applicationId) {
        List<?> rows = entityManager.createNativeQuery("""
                select environment, provider, client_id, issuer, scopes, created_at, updated_at from auth_provider
                where application_id = ?1 order by environment, provider""").setParameter(1, applicationId).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(row -> new View(Environment.valueOf((String) row[0]).wire(),
                (String) row[1], (String) row[2], (String) row[3], words((String) row[4]), Timestamps.ofColumn(row[5]), Timestamps.ofColumn(row[6]))).toList();
    }

    /** The names configured in one environment, for identify's buttons. */
    public List<String> names(UUID applicationId, Environment environment) {
        return entityManager.createNativeQuery(
                "select provider from auth_provider where application_id = ?1 and environment = ?2 order by provider", String.class)
                .setParameter(1, applicationId).setParameter(2, environment.name()).getResultList().stream()
                .map(String.class::cast).toList();
    }

    public Optional<Configured> find(UUID applicationId, Environment environment, String provider) {
        List<?> rows = entityManager.createNativeQuery("""
                select client_id, client_secret, issuer, scopes from auth_provider
                where application_id = ?1 and environment = ?2 and provider = ?3""")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, provider).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.getFirst();
        return Optional.of(new Configured(provider, (String) row[0], seal.open(SEAL_PURPOSE, (String) row[1]), (String) row[2],
                words((String) row[3])));
    }

    static void requireName(String provider) {
        if (provider == null || !NAME.matcher(provider).matches()) {
            throw ApiException.invalidRequest("provider: must be google, github or oidc-<name> (a-z, 0-9 and -)");
        }
    }

    private String issuer(String provider, String given) {
        if (provider.equals("github")) {
            if (given != null) {
                throw ApiException.invalidRequest("issuer: github is OAuth 2, not OpenID Connect: it takes no issuer");
            }
            return null;
        }
        String issuer = given == null ? (provider.equals("google") ? GOOGLE_ISSUER : null) : given.trim();
        if (issuer == null || issuer.isEmpty()) {
            throw ApiException.invalidRequest("issuer: is required for an OpenID Connect provider (discovery starts there)");
        }
        try {
            OutboundTargets.resolve(issuer, config.allowInsecureProviders());
        } catch (OutboundTargets.Refused e) {
            throw ApiException.invalidRequest("issuer: " + e.getMessage());
        }
        return issuer;
    }

    private static List<String> scopes(String provider, List<String> given) {
        if (given == null || given.isEmpty()) {
            return provider.equals("github") ? List.of("read:user", "user:email") : List.of("openid", "email", "profile");
        }
        if (given.size() > 20 || given.stream().anyMatch(scope -> scope == null || !scope.matches("^[A-Za-z0-9:._/-]{1,100}$"))) {
            throw ApiException.invalidRequest("scopes: at most 20 scope names (letters, digits, : . _ / -)");
        }
        if (!provider.equals("github") && !given.contains("openid")) {
            throw ApiException.invalidRequest("scopes: an OpenID Connect provider needs openid");
        }
        return List.copyOf(given);
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split(" "));
    }

}
