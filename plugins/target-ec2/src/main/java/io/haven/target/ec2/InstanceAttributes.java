package io.haven.target.ec2;

import io.haven.api.target.BackupLog;
import io.haven.api.target.CloudContext;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;

/**
 * The two settings DescribeInstances does not show and recovery offers as defaults (guide 9.2):
 * termination protection and what an operating-system shutdown does.
 *
 * @param disableApiTermination {@code true} or {@code false}; null when it could not be read
 * @param shutdownBehaviour     {@code stop} or {@code terminate}; null when it could not be read
 */
record InstanceAttributes(String disableApiTermination, String shutdownBehaviour) {

    static final InstanceAttributes UNKNOWN = new InstanceAttributes(null, null);

    /**
     * Reads both with DescribeInstanceAttribute. A refusal (a policy without
     * ec2:DescribeInstanceAttribute) does not fail the backup: it is written to the run's log, and
     * recovery then offers AWS's defaults.
     */
    static InstanceAttributes read(CloudContext ctx, String instanceId, BackupLog log) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        try {
            AttributeBooleanValue protection = ec2.describeInstanceAttribute(b -> b.instanceId(instanceId)
                    .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination();
            AttributeValue shutdown = ec2.describeInstanceAttribute(b -> b.instanceId(instanceId)
                    .attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
                    .instanceInitiatedShutdownBehavior();
            return new InstanceAttributes(
                    protection == null || protection.value() == null ? null : protection.value().toString(),
                    shutdown == null ? null : shutdown.value());
        } catch (AwsServiceException e) {
            log.warning("Could not read the termination protection and shutdown behaviour of EC2 instance "
                    + instanceId + " (" + e.awsErrorDetails().errorCode() + "); its recovery will offer AWS's"
                    + " defaults (termination allowed, stop on shutdown)");
            return UNKNOWN;
        }
    }
}
