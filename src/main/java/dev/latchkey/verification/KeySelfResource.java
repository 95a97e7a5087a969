package dev.latchkey.verification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.caller.CreditBalance;
import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.credits.CreditLedger;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * Introspection: what the calling key is and may do. The key is admitted before the method, so
 * the method itself never blocks and stays on the event loop when the key was in the cache. A key
 * with credits is the exception: its count is read from PostgreSQL on a worker thread (one read
 * for all requests of the key waiting at once), because what this instance knows can be above the
 * truth while other instances spend the same key.
 */
@Path("/api/v1/keys/self")
@ApiKeyOnly
public class KeySelfResource {

    @Inject
    KeyCaller caller;

    @Inject
    CreditLedger ledger;

    @GET
    @NonBlocking
    public Uni<KeySelf> self() {
        VerifiedKey key = caller.key();
        if (caller.credits() == null) {
            return Uni.createFrom().item(describe(key, null));
        }
        return ledger.currentBalance(key).map(credits -> describe(key, credits));
    }

    private static KeySelf describe(VerifiedKey key, CreditBalance credits) {
        return new KeySelf(key.keyId(), key.type(), key.environment(), key.applicationId(), key.tenantId(), key.name(),
                key.meta(), key.externalId(), key.permissions().toMap(), key.scopes(), key.expiresAt(), credits);
    }

    /** {@code credits}: after this request's spend; null: unlimited. */
    public record KeySelf(UUID keyId, KeyType type, Environment environment, UUID applicationId, String tenantId, String name,
            Map<String, Object> meta, String externalId, Map<String, String> permissions, List<String> scopes,
            Instant expiresAt, CreditBalance credits) {
    }
}
