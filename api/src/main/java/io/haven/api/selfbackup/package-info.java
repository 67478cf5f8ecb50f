/**
 * Haven's own disaster recovery (guide 10.4.3, 1.3; decision 0042): the {@code cpmdata} policy, which backs up Haven
 * itself, and what core tells the bundle that does it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.haven.api.selfbackup;
