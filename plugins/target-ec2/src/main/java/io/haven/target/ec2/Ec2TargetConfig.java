package io.haven.target.ec2;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the EC2 instance target type, PID {@value #PID} (etc/io.haven.target.ec2.cfg). */
@ObjectClassDefinition(name = "Haven EC2 instance backups", description = "Settings of EC2 instance backups")
public @interface Ec2TargetConfig {

    String PID = "io.haven.target.ec2";
    int DEFAULT_ROTATION_DAYS = 90;

    @AttributeDefinition(name = "Initial AMI rotation (days)", min = "0",
            description = "Age in days after which an instance's initial AMI (backupMode=snapshots-and-initial-ami) "
                    + "is replaced by a new one; 0 never replaces it.")
    int initialAmiRotationDays() default DEFAULT_ROTATION_DAYS;
}
