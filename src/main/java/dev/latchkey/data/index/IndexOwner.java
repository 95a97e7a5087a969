package dev.latchkey.data.index;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connections that may create and drop indexes on the document tables: PostgreSQL allows that to
 * a table's owner only. With two roles (README, "Database roles"), that is the schema's owner,
 * whose credentials Flyway holds; with one, the pool's own role.
 */
@ApplicationScoped
public class IndexOwner {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.flyway.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.flyway.password")
    Optional<String> password;

    Connection connect() throws SQLException {
        if (username.isPresent() && password.isPresent()) {
            return DriverManager.getConnection(jdbcUrl, username.get(), password.get());
        }
        return dataSource.getConnection();
    }
}
