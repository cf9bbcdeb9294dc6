package io.bienvenue;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rule of SPEC §2: the HTTP layer talks to Auth only, never to the database. */
class ArchitectureTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.bienvenue");

  @Test
  void theHttpLayerNeverTouchesTheStoreOrSql() {
    noClasses()
        .that()
        .resideInAPackage("io.bienvenue.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.bienvenue.store..", "java.sql..", "javax.sql..", "org.jdbi..", "org.sqlite..")
        .check(classes);
  }

  @Test
  void theHttpLayerNeverHashesPasswordsItself() {
    noClasses()
        .that()
        .resideInAPackage("io.bienvenue.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.bouncycastle..")
        .check(classes);
  }

  @Test
  void theDomainKnowsNothingOfHttpOrTheCli() {
    noClasses()
        .that()
        .resideInAnyPackage("io.bienvenue.auth..", "io.bienvenue.store..", "io.bienvenue.user..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.bienvenue.http..", "io.bienvenue.cli..", "io.javalin..", "picocli..")
        .check(classes);
  }

  @Test
  void theStoreKnowsNothingOfAuth() {
    noClasses()
        .that()
        .resideInAnyPackage("io.bienvenue.store..", "io.bienvenue.user..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.bienvenue.auth..")
        .check(classes);
  }
}
