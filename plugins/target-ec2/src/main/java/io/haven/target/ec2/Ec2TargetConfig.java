package io.haven.target.ec2;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the EC2 instance target type, PID {@value #PID} (etc/io.haven.target.ec2.cfg). */
@ObjectClassDefinition(name = "Haven EC2 instance backups", description = "Settings of EC2 instance backups")
public @interface Ec2TargetConfig {

    String PID = "io.haven.target.ec2";
    int DEFAULT_ROTATION_DAYS = 90;
    int DEFAULT_ATTRIBUTES_MAX_AGE_HOURS = 24;

    @AttributeDefinition(name = "Initial AMI rotation (days)", min = "0",
            description = "Age in days after which an instance's initial AMI (backupMode=snapshots-and-initial-ami) "
                    + "is replaced by a new one; 0 never replaces it.")
    int initialAmiRotationDays() default DEFAULT_ROTATION_DAYS;

    @AttributeDefinition(name = "Instance settings kept (hours)", min = "0",
            description = "Hours that an instance's termination protection and shutdown behaviour, read with two "
                    + "DescribeInstanceAttribute calls and recorded with each backup for recovery, are reused before "
                    + "they are read again; 0 reads them for every backup.")
    int instanceAttributesMaxAgeHours() default DEFAULT_ATTRIBUTES_MAX_AGE_HOURS;
}
