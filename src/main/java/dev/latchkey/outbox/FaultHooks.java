package dev.latchkey.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fault injection for the reliability tests, off by default: with
 * {@code latchkey.faults.halt-after-commit=true} the instance dies right after committing a change,
 * before any work that follows the commit (publishing the invalidation, nudging webhook delivery),
 * which is the gap the outbox closes (OutboxFaultIT).
 */
@ApplicationScoped
public class FaultHooks {

    private static final Logger LOG = Logger.getLogger(FaultHooks.class);

    @ConfigProperty(name = "latchkey.faults.halt-after-commit", defaultValue = "false")
    boolean haltAfterCommit;

    /** Called first by every observer of a commit. */
    public void afterCommit() {
        if (haltAfterCommit) {
            LOG.error("Halting between a commit and its publication (latchkey.faults.halt-after-commit)");
            Runtime.getRuntime().halt(86);
        }
    }
}
