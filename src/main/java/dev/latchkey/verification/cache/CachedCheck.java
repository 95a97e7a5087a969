package dev.latchkey.verification.cache;

import java.time.Instant;

import dev.latchkey.caller.VerifiedKey;

/**
 * What the caches remember about a key hash: the key and when it stops working (revocation or the
 * end of a rotation's grace), or that no key has this hash. Time-based outcomes (revoked,
 * expired) are decided at each use, so an entry stays right as the clock moves.
 */
public record CachedCheck(VerifiedKey key, Instant revokedAt) {

    public static final CachedCheck UNKNOWN = new CachedCheck(null, null);

    public boolean unknown() {
        return key == null;
    }

    /**
     * Heap size estimate: the key's fixed fields, its meta (at most 1 KiB as JSON, about four
     * times that as maps and strings), its address list, plus its application's configuration.
     */
    public int approximateBytes() {
        if (unknown()) {
            return 64;
        }
        int meta = key.meta() == null ? 0 : 4 * key.meta().toString().length();
        int addresses = key.ipAllowlist() == null ? 0 : 160 * key.ipAllowlist().entries().size();
        return 512 + meta + addresses + key.application().approximateBytes();
    }
}
