package io.bienvenue;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.bienvenue.auth.AccountChanges;
import io.bienvenue.auth.EmailVerifications;
import io.bienvenue.auth.Login;
import io.bienvenue.auth.Notices;
import io.bienvenue.auth.Passkeys;
import io.bienvenue.auth.PasswordConfirmation;
import io.bienvenue.auth.PasswordReset;
import io.bienvenue.auth.Registration;
import io.bienvenue.auth.SessionKeeper;
import io.bienvenue.auth.TotpSecrets;
import io.bienvenue.auth.TwoFactor;
import io.bienvenue.auth.UserAdmin;
import org.junit.jupiter.api.Test;

/**
 * The layering of SPEC §2 over every package, bottom to top: the user model, the store, the secrets
 * sealed at rest, the auth service, the OpenID Connect clients, webhooks, mail, the HTTP edge and
 * operations, configuration, the import of the original's users, the composition root, the command
 * line. A layer uses only the layers below it, no package is in a cycle with another, and the HTTP
 * layer talks to the {@code Auth} facade only.
 */
class ArchitectureTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.bienvenue");

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("User")
        .definedBy("io.bienvenue.user..")
        .layer("Store")
        .definedBy("io.bienvenue.store..")
        .layer("Secrets")
        .definedBy("io.bienvenue.secrets..")
        .layer("Auth")
        .definedBy("io.bienvenue.auth..")
        .layer("OAuth")
        .definedBy("io.bienvenue.oauth..")
        .layer("Webhooks")
        .definedBy("io.bienvenue.webhooks..")
        .layer("Mail")
        .definedBy("io.bienvenue.mail..")
        .layer("Http")
        .definedBy("io.bienvenue.http..")
        .layer("Ops")
        .definedBy("io.bienvenue.ops..")
        .layer("Config")
        .definedBy("io.bienvenue.config..")
        .layer("Importing")
        .definedBy("io.bienvenue.importing..")
        .layer("Root")
        .definedBy("io.bienvenue")
        .layer("Cli")
        .definedBy("io.bienvenue.cli..")
        .whereLayer("Cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Root")
        .mayOnlyBeAccessedByLayers("Cli")
        .whereLayer("Importing")
        .mayOnlyBeAccessedByLayers("Root", "Cli")
        .whereLayer("Config")
        .mayOnlyBeAccessedByLayers("Root", "Cli")
        .whereLayer("Ops")
        .mayOnlyBeAccessedByLayers("Root", "Cli")
        .whereLayer("Http")
        .mayOnlyBeAccessedByLayers("Ops", "Config", "Root", "Cli")
        .whereLayer("Webhooks")
        .mayOnlyBeAccessedByLayers("Http", "Ops", "Config", "Root", "Cli")
        .whereLayer("Mail")
        .mayOnlyBeAccessedByLayers("Config", "Root", "Cli")
        .whereLayer("OAuth")
        .mayOnlyBeAccessedByLayers("Http", "Ops", "Config", "Root", "Cli")
        .whereLayer("Auth")
        .mayOnlyBeAccessedByLayers(
            "OAuth", "Webhooks", "Mail", "Http", "Ops", "Config", "Importing", "Root", "Cli")
        .whereLayer("Secrets")
        .mayOnlyBeAccessedByLayers("Auth", "OAuth", "Webhooks", "Config", "Root", "Cli")
        .whereLayer("Store")
        .mayOnlyBeAccessedByLayers(
            "Secrets", "Auth", "OAuth", "Webhooks", "Mail", "Importing", "Root", "Cli")
        .check(classes);
  }

  @Test
  void noPackageIsInACycle() {
    slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(classes);
  }

  @Test
  void theHttpLayerTalksToTheAuthFacadeNotToItsFlowsOrBuildingBlocks() {
    noClasses()
        .that()
        .resideInAPackage("io.bienvenue.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.bienvenue.auth.password..",
            "io.bienvenue.auth.throttle..",
            "io.bienvenue.auth.token..")
        .orShould()
        .dependOnClassesThat(
            belongToAnyOf(
                Registration.class,
                Login.class,
                SessionKeeper.class,
                AccountChanges.class,
                PasswordReset.class,
                EmailVerifications.class,
                TwoFactor.class,
                PasswordConfirmation.class,
                Notices.class,
                UserAdmin.class,
                TotpSecrets.class,
                Passkeys.class))
        .check(classes);
  }

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
        .resideInAnyPackage("org.bouncycastle..", "at.favre.lib.crypto..")
        .check(classes);
  }

  @Test
  void theDomainKnowsNothingOfHttpOrTheCli() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.bienvenue.auth..",
            "io.bienvenue.secrets..",
            "io.bienvenue.oauth..",
            "io.bienvenue.store..",
            "io.bienvenue.user..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.bienvenue.http..", "io.bienvenue.cli..", "io.javalin..", "picocli..")
        .check(classes);
  }

  /** One slice for each package of the service, the root package among them; nothing else. */
  private static final SliceAssignment EACH_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          return name.equals("io.bienvenue") || name.startsWith("io.bienvenue.")
              ? SliceIdentifier.of(name)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "each package of io.bienvenue";
        }
      };
}
