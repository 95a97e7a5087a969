package dev.latchkey.embedded;

import java.util.List;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** In the dev profile only, points the service at {@link EmbeddedServers}, above application.properties. */
public class EmbeddedServersConfigSourceFactory implements ConfigSourceFactory {

    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(EmbeddedServers.start(), "embedded-dev-servers", ORDINAL));
    }
}
