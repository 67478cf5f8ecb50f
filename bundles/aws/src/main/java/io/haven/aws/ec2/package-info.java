/** EBS snapshot operations shared by the target types that snapshot volumes (EBS volume, EC2 instance). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.8.0")
package io.haven.aws.ec2;
