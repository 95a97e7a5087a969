package dev.latchkey;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages form a layered graph: no package depends, directly or through others, on
 * one that depends on it (checked by ArchUnit on the compiled main classes, sub-packages counted
 * with their feature, then each on its own). A cycle fails the build and names the classes that
 * close it.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.latchkey");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.latchkey.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * Every package on its own, sub-packages included: since files of one package need no
     * import of each other, this is the check that no chain of imports between files closes a
     * cycle either.
     */
    @Test
    void noImportCyclesBetweenFiles() {
        slices().matching("dev.latchkey.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
