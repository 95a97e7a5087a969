package dev.latchkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * docs/CONTRACT.md is the repository's copy of the binding HTTP contract, which lives beside the
 * repository in shared/ where the project is developed and checked. Any drift fails the build
 * there; a clone without shared/ has nothing to compare against.
 */
class ContractCopyTest {

    private static final Path BINDING = Path.of("..", "shared", "CONTRACT.md");

    @Test
    void theCopyInDocsIsTheBindingContractWordForWord() throws Exception {
        assumeTrue(Files.exists(BINDING), "no shared/CONTRACT.md beside this clone to compare with");
        assertEquals(Files.readString(BINDING), Files.readString(Path.of("docs", "CONTRACT.md")),
                "docs/CONTRACT.md differs from the binding shared/CONTRACT.md: copy it over");
    }
}
