package io.haven.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * The Pax Exam classes that need nothing but the distribution as it ships (and settings of
 * {@code io.haven.core}), run in one Karaf container: booting one takes about half a minute, which
 * seventeen classes paid each before. They are {@code PerSuite}, the container boots for the first, and
 * {@link FreshHaven} starts Haven over, on a new database and an empty emulator, for each of the others.
 * The failsafe configuration in the POM leaves these classes out of the run on their own ({@link SharedSuiteMembership}
 * checks that the two lists agree);
 * {@code -Dit.test=TagScanIT} still runs one alone, in a container of its own.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({
    DistributionIT.class, // first: it checks the container as it booted
    BackupFlowIT.class,
    CrossAccountDrIT.class,
    DatabaseRecoveryIT.class,
    DrIT.class,
    Ec2OptionsIT.class,
    HotDeployIT.class,
    NotificationsIT.class,
    PermissionCheckIT.class,
    PolicyOptionsIT.class,
    ReconcileIT.class,
    RecoveryIT.class,
    ReportsIT.class,
    ShellIT.class,
    ShellSignInIT.class,
    TagScanIT.class,
    UsersIT.class,
    SharedSuiteMembership.class, // not a Pax Exam class: checks that this list and the POM's excludes agree
})
public class SharedDistributionIT {
}
