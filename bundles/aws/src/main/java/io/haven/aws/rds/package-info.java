/** RDS helpers shared by the target types that snapshot RDS databases and Aurora clusters. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.haven.aws.rds;
