package io.haven.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of Haven's core, PID {@code io.haven.core} (etc/io.haven.core.cfg). */
@ObjectClassDefinition(name = "Haven core", description = "Time zone, defaults and engine settings of Haven")
public @interface CoreConfig {

    String PID = "io.haven.core";

    @AttributeDefinition(description = "Time zone in which schedules are evaluated and times are shown, e.g. "
            + "Europe/Berlin. Empty: the server's zone. Times are always stored in UTC.")
    String timeZone() default "";

    @AttributeDefinition(description = "AWS region used when a request names none (account verification, discovery)")
    String defaultRegion() default "us-east-1";

    @AttributeDefinition(description = "File holding the AES key that encrypts AWS secret keys at rest. "
            + "Empty: ${karaf.data}/haven/keys/secrets.key. Keep it apart from database backups.")
    String secretKeyFile() default "";

    @AttributeDefinition(description = "Password of the root user created at first start. Empty: taken from the "
            + "environment variable HAVEN_ROOT_PASSWORD or the file named by HAVEN_ROOT_PASSWORD_FILE, else generated "
            + "and shown once on the console.")
    String rootPassword() default "";

    @AttributeDefinition(description = "Longest wait, in seconds, between two status checks of a pending snapshot")
    int maxPollIntervalSeconds() default 30;

    @AttributeDefinition(description = "How long, in minutes, the status checks of one snapshot or recovered resource "
            + "may fail in a row (revoked keys, a removed role) before it counts as failed; at least 1")
    int pollErrorLimitMinutes() default 60;

    @AttributeDefinition(description = "Folder of the backup scripts (guide chapter 7); non-root users' scripts are in "
            + "a sub-folder named like the user. Empty: ${karaf.data}/haven/scripts")
    String scriptsFolder() default "";

    @AttributeDefinition(description = "Days to keep the records of deleted backups, counted from the backup's "
            + "creation (guide 15.6.3). 0: records go at the next housekeeping run")
    int deletedRecordRetentionDays() default 0;

    @AttributeDefinition(description = "Minutes between housekeeping runs (deleting backups of deleted policies, "
            + "removing old records of deleted backups)")
    int housekeepingIntervalMinutes() default 60;

    @AttributeDefinition(description = "Longest time, in minutes, after its start that a run interrupted by a stop "
            + "still starts the targets it had not started, when Haven is back; a scheduled run's window also ends at "
            + "the policy's next scheduled run. At least 1")
    int resumeWindowCapMinutes() default 720;

    @AttributeDefinition(description = "Aurora and DynamoDB storage Haven may protect, in GiB; it counts in 10 GiB "
            + "steps per cluster or table (guide 4.2). 0: no limit")
    long billedStorageLimitGiB() default 0;

    @AttributeDefinition(description = "Share of billedStorageLimitGiB, in percent, from which every backup warns "
            + "and one alert is raised")
    int billedStorageWarningPercent() default 90;

    @AttributeDefinition(description = "Seconds a verified user name and password are remembered (in memory, as a "
            + "keyed hash), so that HTTP Basic does not cost a slow password hash on every request. 0: never")
    int signInCacheSeconds() default 60;

    @AttributeDefinition(description = "When the daily summary of alerts and idle policies is sent (guide 15.5), HH:mm in "
            + "the time zone of schedules, to the notifiers that carry it")
    String dailySummaryTime() default "07:00";

    @AttributeDefinition(description = "Days the audit log keeps an entry (guide 16.6); older entries are deleted hourly")
    int auditRetentionDays() default 30;

    @AttributeDefinition(description = "Disaster-recovery copies in flight at most per AWS account and destination "
            + "region (guide 10.4.2: AWS allows 20 concurrent EBS snapshot copies per destination region); the others wait")
    int drMaxCopiesPerRegion() default 20;

    @AttributeDefinition(description = "Threads that start and conclude backup runs (backup scripts, the targets' "
            + "starts, retention) at most; the other runs' steps wait in turn. At least 1")
    int runThreads() default 16;

    @AttributeDefinition(description = "Of runThreads, how many one AWS account's runs may use at once, so that an "
            + "account whose calls wait (throttled, slow scripts) leaves threads for the others. 0: half of runThreads")
    int runThreadsPerAccount() default 0;

    @AttributeDefinition(description = "Threads that apply retention (deleting the generations a policy no longer "
            + "keeps) apart from the runs, so that deleting at AWS's pace never delays a run's start; one AWS account's "
            + "deletions go one policy at a time. At least 1")
    int retentionThreads() default 2;

    @AttributeDefinition(description = "Minutes during which a scheduled run that came due while Haven was stopped is "
            + "still started when Haven is back (once per policy: the latest due time); older ones are not made up. "
            + "0: none is made up")
    int missedRunGraceMinutes() default 60;

    @AttributeDefinition(description = "Recovery-only mode (guide 1.3, a second server for recovery; a new Haven restored "
            + "from its own backup): no backup runs, on demand or by schedule, and no retention, retries, disaster "
            + "recovery, housekeeping or automatic tag scans; everything can be seen and recovered. Set it to false to "
            + "switch to normal")
    boolean recoveryOnly() default false;

    @AttributeDefinition(description = "This node's name among the Haven nodes sharing one PostgreSQL database "
            + "(decision 0039); unique per node. Empty: a name made once and kept in ${karaf.data}/haven/node-id")
    String nodeId() default "";

    @AttributeDefinition(description = "Seconds between two heartbeats of this node in the database")
    int nodeHeartbeatSeconds() default 5;

    @AttributeDefinition(description = "Seconds without a heartbeat after which a node is taken for dead and the other "
            + "nodes take its backups, retries, disaster recovery and housekeeping over")
    int nodeTimeoutSeconds() default 30;
}
