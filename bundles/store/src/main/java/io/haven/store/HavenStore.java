package io.haven.store;

import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The store as one service: migrates the database when it activates and hands out the repositories.
 * The DataSource is the one pax-jdbc-config makes from {@code etc/org.ops4j.datasource-haven.cfg}
 * (Derby embedded by default, PostgreSQL by configuration).
 */
@Component(service = HavenStore.class)
public class HavenStore {

    private final Database database;
    private final AccountRepository accounts;
    private final ScheduleRepository schedules;
    private final PolicyRepository policies;
    private final BackupRepository backups;
    private final UserRepository users;
    private final AlertRepository alerts;
    private final NotifierRepository notifiers;
    private final RecoveryRepository recoveries;
    private final OwnerRepository owners;
    private final AuditRepository audit;
    private final TagScanRepository tagScans;
    private final ReportRepository reports;
    private final SecondFactorRepository secondFactors;
    private final CopyRepository copies;
    private final IdentityProviderRepository identityProvider;
    private final NodeRepository nodes;

    @Activate
    public HavenStore(@Reference(target = "(dataSourceName=haven)") DataSource dataSource) {
        this.database = new Database(dataSource);
        StagedRestore.importIfStaged(database, StagedRestore.defaultFile());
        database.migrate();
        this.accounts = new AccountRepository(database);
        this.schedules = new ScheduleRepository(database);
        this.policies = new PolicyRepository(database);
        this.backups = new BackupRepository(database);
        this.users = new UserRepository(database);
        this.alerts = new AlertRepository(database);
        this.notifiers = new NotifierRepository(database);
        this.recoveries = new RecoveryRepository(database);
        this.owners = new OwnerRepository(database);
        this.audit = new AuditRepository(database);
        this.tagScans = new TagScanRepository(database);
        this.reports = new ReportRepository(database);
        this.secondFactors = new SecondFactorRepository(database);
        this.copies = new CopyRepository(database);
        this.identityProvider = new IdentityProviderRepository(database);
        this.nodes = new NodeRepository(database);
    }

    public Database database() {
        return database;
    }

    public AccountRepository accounts() {
        return accounts;
    }

    public ScheduleRepository schedules() {
        return schedules;
    }

    public PolicyRepository policies() {
        return policies;
    }

    public BackupRepository backups() {
        return backups;
    }

    public UserRepository users() {
        return users;
    }

    public AlertRepository alerts() {
        return alerts;
    }

    public AuditRepository audit() {
        return audit;
    }

    public OwnerRepository owners() {
        return owners;
    }

    public NotifierRepository notifiers() {
        return notifiers;
    }

    public RecoveryRepository recoveries() {
        return recoveries;
    }

    public TagScanRepository tagScans() {
        return tagScans;
    }

    public ReportRepository reports() {
        return reports;
    }

    public SecondFactorRepository secondFactors() {
        return secondFactors;
    }

    /** Disaster-recovery copies of backup artifacts (guide 10). */
    public CopyRepository copies() {
        return copies;
    }

    public IdentityProviderRepository identityProvider() {
        return identityProvider;
    }

    /** The Haven nodes sharing this database, and their leases (decision 0039). */
    public NodeRepository nodes() {
        return nodes;
    }
}
