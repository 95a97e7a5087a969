package dev.latchkey.key;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.http.ApiException;

/**
 * What an API key may do: a level per resource. Stored and shown as a map such as
 * {@code {"data": "write", "analytics": "read", ...}} holding every resource.
 */
public final class Permissions {

    public enum Resource {
        APPLICATIONS, KEYS, DATA, USERS, ANALYTICS, AUDIT;

        private final String wire = name().toLowerCase(Locale.ROOT);

        public String wire() {
            return wire;
        }

        private static final Map<String, Resource> BY_WIRE = byWire(values());

        /** The resource of a wire name, or null for an unknown one. */
        public static Resource fromWire(String name) {
            return BY_WIRE.get(name);
        }
    }

    public enum Level {
        NONE, READ, WRITE;

        private static final Map<String, Level> BY_WIRE = byWire(values());

        private final String wire = name().toLowerCase(Locale.ROOT);

        public String wire() {
            return wire;
        }

        /** The level of a wire name, or null for an unknown one. */
        public static Level fromWire(String name) {
            return BY_WIRE.get(name);
        }

        /** Write implies read. */
        public boolean covers(Level needed) {
            return compareTo(needed) >= 0;
        }
    }

    public static final String ALL = "all";
    public static final String READ_ONLY = "read_only";

    /**
     * {@link #toMap} of each set of levels seen, made once and shared: keys/self and verify show it
     * on every call, and every cached key holds one (at most 3^6 sets exist, a few in practice).
     */
    private static final Map<Map<Resource, Level>, Map<String, String>> WIRE_MAPS = new ConcurrentHashMap<>();

    private final Map<Resource, Level> levels;
    private final Map<String, String> wire;

    private Permissions(Map<Resource, Level> levels) {
        this.levels = levels;
        this.wire = WIRE_MAPS.computeIfAbsent(new EnumMap<>(levels), Permissions::wireMap);
    }

    private static Map<String, String> wireMap(Map<Resource, Level> levels) {
        Map<String, String> map = new LinkedHashMap<>();
        levels.forEach((resource, level) -> map.put(resource.wire(), level.wire()));
        return Collections.unmodifiableMap(map);
    }

    /** An unrestricted secret key: everything at write for its app, but key management stays with admins. */
    public static Permissions unrestrictedSecret() {
        Map<Resource, Level> levels = uniform(Level.WRITE);
        levels.put(Resource.KEYS, Level.READ);
        return new Permissions(levels);
    }

    public static Permissions readOnly() {
        return new Permissions(uniform(Level.READ));
    }

    /** Publishable keys read data; their writes go through row-level security instead. */
    public static Permissions publishable() {
        Map<Resource, Level> levels = uniform(Level.NONE);
        levels.put(Resource.DATA, Level.READ);
        return new Permissions(levels);
    }

    /** Reads a request's {@code permissions}: "all", "read_only" or a map; absent means "all". */
    public static Permissions parse(JsonNode spec) {
        if (spec == null || spec.isNull() || (spec.isTextual() && spec.asText().equals(ALL))) {
            return unrestrictedSecret();
        }
        if (spec.isTextual() && spec.asText().equals(READ_ONLY)) {
            return readOnly();
        }
        if (!spec.isObject()) {
            throw ApiException.invalidRequest("permissions must be \"all\", \"read_only\" or a map of resource to level");
        }
        Map<Resource, Level> levels = uniform(Level.NONE);
        var fields = spec.properties().iterator();
        while (fields.hasNext()) {
            var field = fields.next();
            Resource resource = resource(field.getKey());
            Level level = field.getValue().isTextual() ? Level.fromWire(field.getValue().asText()) : null;
            if (level == null) {
                throw ApiException.invalidRequest("permissions." + field.getKey() + " must be none, read or write");
            }
            if (resource == Resource.KEYS && level == Level.WRITE) {
                throw ApiException.invalidRequest("keys:write cannot be granted to an API key; key management needs an admin token");
            }
            levels.put(resource, level);
        }
        return new Permissions(levels);
    }

    /** Reads the stored map back; anything missing is {@code none}. */
    public static Permissions fromStored(Map<String, String> stored) {
        Map<Resource, Level> levels = uniform(Level.NONE);
        stored.forEach((name, level) -> levels.put(Resource.valueOf(name.toUpperCase(Locale.ROOT)),
                Level.valueOf(level.toUpperCase(Locale.ROOT))));
        return new Permissions(levels);
    }

    public boolean allows(Resource resource, Level needed) {
        return levels.get(resource).covers(needed);
    }

    /** Every resource with its level, in a stable order (unmodifiable). */
    public Map<String, String> toMap() {
        return wire;
    }

    private static Map<Resource, Level> uniform(Level level) {
        Map<Resource, Level> levels = new EnumMap<>(Resource.class);
        for (Resource resource : Resource.values()) {
            levels.put(resource, level);
        }
        return levels;
    }

    /** Constants by wire name (the constant's name in lower case), built once: verify looks scopes up on every call. */
    private static <E extends Enum<E>> Map<String, E> byWire(E[] constants) {
        Map<String, E> byName = new HashMap<>();
        for (E constant : constants) {
            byName.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static Resource resource(String name) {
        Resource resource = Resource.fromWire(name);
        if (resource == null) {
            throw ApiException.invalidRequest("unknown permission resource '" + name
                    + "'; known: applications, keys, data, users, analytics, audit");
        }
        return resource;
    }
}
