package dev.latchkey.verification;


import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns an admitted key into an identity ({@link KeyAdmission} decides; a refusal fails the
 * authentication with the contract's error). What the identity may do is decided by the
 * permissions its endpoint declares ({@code permission/CallerPermissions}).
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    @Inject
    KeyAdmission admission;

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        Judgement warm = admission.fromMemory(request.admission());
        if (warm != null) {
            return warm.uni().map(ApiKeyIdentityProvider::identityOf);
        }
        // Redis and PostgreSQL may have to be read: on a worker thread
        return context.runBlocking(() -> identityOf(admission.admitBlocking(request.admission())));
    }

    /**
     * An admitted key's identity; a refusal fails the authentication with the contract's error
     * itself (stackless: an AuthenticationFailedException would fill in a stack trace per refusal).
     */
    private static SecurityIdentity identityOf(Admission judged) {
        Admission admitted = judged.orThrow();
        VerifiedKey key = admitted.key();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("key:" + key.keyId()))
                .addAttribute(KeyCaller.KEY_ATTRIBUTE, key);
        if (admitted.credits() != null) {
            identity.addAttribute(KeyCaller.CREDITS_ATTRIBUTE, admitted.credits().balance());
        }
        return identity.build();
    }
}
