package dev.latchkey.enduser.mfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.latchkey.common.Digests;
import dev.latchkey.common.SecureRandoms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Ten single-use codes that stand in for the authenticator when it is lost. Each is about 59 random
 * bits, written {@code xxxx-xxxx-xxxx} in an alphabet without look-alikes, and stored only as the
 * SHA-256 of its normalised form; spending one is a conditional update, so it works once.
 */
@ApplicationScoped
public class RecoveryCodes {

    static final int COUNT = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int GROUPS = 3;
    private static final int GROUP_LENGTH = 4;

    @Inject
    EntityManager entityManager;

    /** New codes in place of any earlier ones; call within a transaction. */
    List<String> replace(UUID userId) {
        removeAll(userId);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            String code = newCode();
            entityManager.createNativeQuery("insert into end_user_recovery_code (hash, user_id) values (?1, ?2)")
                    .setParameter(1, Digests.sha256(normalised(code))).setParameter(2, userId).executeUpdate();
            codes.add(code);
        }
        return codes;
    }

    /** True when the code is one of the user's unused ones, which it no longer is. */
    @Transactional
    public boolean spend(UUID userId, String code) {
        if (code == null || code.length() > 40) {
            return false;
        }
        return entityManager.createNativeQuery(
                "update end_user_recovery_code set used_at = now() where hash = ?1 and user_id = ?2 and used_at is null")
                .setParameter(1, Digests.sha256(normalised(code))).setParameter(2, userId).executeUpdate() == 1;
    }

    void removeAll(UUID userId) {
        entityManager.createNativeQuery("delete from end_user_recovery_code where user_id = ?1")
                .setParameter(1, userId).executeUpdate();
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder();
        for (int group = 0; group < GROUPS; group++) {
            if (group > 0) {
                code.append('-');
            }
            for (int i = 0; i < GROUP_LENGTH; i++) {
                code.append(ALPHABET.charAt(SecureRandoms.get().nextInt(ALPHABET.length())));
            }
        }
        return code.toString();
    }

    /** As typed: any case, with or without the dashes and spaces. */
    private static String normalised(String code) {
        return code.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
    }
}
